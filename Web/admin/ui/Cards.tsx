import { useEffect, useState } from "preact/hooks";
import { bytes, count, duration } from "../format";
import { locale, stats, statsReceivedAt, t } from "../store";

/** The headline figures; the uptime counts on between pushes. */
export function Cards() {
  const s = stats.value;
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const l = locale.value;
  const uptime = s ? s.uptimeSeconds + (Date.now() - statsReceivedAt.value) / 1000 : 0;
  const cards: [string, string, string][] = s
    ? [
        ["users", t("card.users"), count(s.users, l)],
        ["messages", t("card.messages"), count(s.messages, l)],
        ["groups", t("card.groups"), count(s.groups, l)],
        ["channels", t("card.channels"), count(s.channels, l)],
        ["online", t("card.online"), count(s.onlineUsers, l)],
        ["database", t("card.database"), bytes(s.databaseBytes, l)],
        ["uptime", t("card.uptime"), duration(uptime, l)],
      ]
    : [];
  return (
    <section id="overview" class="card" aria-labelledby="overview-title">
      <h2 id="overview-title">{t("section.overview")}</h2>
      {!s && <p class="muted">{t("common.loading")}</p>}
      <dl class="cards">
        {cards.map(([key, label, value]) => (
          <div class="figure" key={key}>
            <dt>{label}</dt>
            <dd data-testid={`stat-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {s && (
        <p class="muted small">
          {t("card.more", {
            direct: count(s.directChats, l),
            files: count(s.attachments, l),
            fileBytes: bytes(s.attachmentBytes, l),
            connections: count(s.connections, l),
            hour: count(s.messagesLastHour, l),
            day: count(s.messagesLastDay, l),
          })}
        </p>
      )}
    </section>
  );
}
