import { count } from "../format";
import { live, locale, t } from "../store";

/** What the actors are doing now, per node: busiest chats, queues, the journal. */
export function LiveView() {
  const l = locale.value;
  const nodes = live.value?.nodes ?? [];
  return (
    <section id="live" class="card" aria-labelledby="live-title">
      <h2 id="live-title">{t("section.live")}</h2>
      {nodes.map((n) => (
        <div class="node" key={n.node}>
          <h3 class="small">{n.node}</h3>
          <dl class="cards compact">
            <div class="figure"><dt>{t("live.connections")}</dt><dd>{count(n.connections, l)}</dd></div>
            <div class="figure"><dt>{t("live.users")}</dt><dd>{count(n.connectedUsers, l)}</dd></div>
            <div class="figure"><dt>{t("live.postsMinute")}</dt><dd data-testid="journal-posts">{count(n.journal.postsLastMinute, l)}</dd></div>
            <div class="figure"><dt>{t("live.latency")}</dt><dd>{n.journal.postsMeasured ? `${n.journal.p50Ms.toFixed(1)} / ${n.journal.p99Ms.toFixed(1)} ms` : "—"}</dd></div>
          </dl>
          <div class="two">
            <div class="table-wrap">
              <table class="table">
                <caption>{t("live.busiest")}</caption>
                <thead><tr><th scope="col">{t("live.chat")}</th><th scope="col">{t("live.last5")}</th><th scope="col">{t("live.queue")}</th></tr></thead>
                <tbody>
                  {n.busiestChats.length === 0 && <tr><td colSpan={3} class="muted">{t("live.quiet")}</td></tr>}
                  {n.busiestChats.map((c) => (
                    <tr key={c.chatId}><td>{c.chatId} <span class="muted small">{c.kind}</span></td><td>{count(c.messagesLast5Minutes, l)}</td><td>{c.mailboxDepth ?? "—"}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="table-wrap">
              <table class="table">
                <caption>{t("live.mailboxes")}</caption>
                <thead><tr><th scope="col">{t("live.actor")}</th><th scope="col">{t("live.queue")}</th></tr></thead>
                <tbody>
                  {n.mailboxes.map((m) => (
                    <tr key={m.actor}><td>{m.actor}</td><td>{count(m.depth, l)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      ))}
    </section>
  );
}
