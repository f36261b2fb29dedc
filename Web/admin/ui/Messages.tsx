import { when } from "../format";
import { locale, messages, t } from "../store";

/** The newest messages (the server keeps the last hundred in memory); refreshed when the count moves. */
export function Messages() {
  const l = locale.value;
  const list = messages.value;
  return (
    <section id="messages" class="card" aria-labelledby="messages-title">
      <h2 id="messages-title">{t("section.messages")}</h2>
      {list.length === 0 ? (
        <p class="muted">{t("messages.none")}</p>
      ) : (
        <div class="table-wrap tall">
          <table class="table">
            <caption class="sr-only">{t("section.messages")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("messages.time")}</th>
                <th scope="col">{t("messages.from")}</th>
                <th scope="col">{t("messages.to")}</th>
                <th scope="col">{t("messages.text")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id}>
                  <td class="small nowrap">{when(m.timestamp, l)}</td>
                  <td>{m.sender_name ?? `#${m.sender_id}`}</td>
                  <td>{m.recipient_name ?? m.chatId}</td>
                  <td class="text">{m.type === "text" ? m.text : `[${m.type}] ${m.text}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
