// One-line texts for messages: chat list previews, reply quotes, system lines.
import type { Message } from "../../shared/protocol";
import { me, t, userName } from "../store";

export function systemText(m: Message): string {
  const s = m.system;
  if (!s) return "";
  const users = s.userIds.map((id) => userName(id)).join(", ");
  const role = s.role ? t(`role.${s.role}`) : "";
  return t(`sys.${s.action}`, { actor: userName(s.actorId), users, role, title: s.title ?? "" });
}

export function previewText(m: Message): string {
  if (m.deleted) return t("msg.deleted");
  if (m.type === "system") return systemText(m);
  if (m.attachment) return `${m.type === "image" ? "🖼" : "📎"} ${m.text || m.attachment.name}`;
  return m.text;
}

export function senderPrefix(m: Message, group: boolean): string {
  if (m.type === "system") return "";
  if (m.senderId === me.value?.id) return `${t("list.you")}: `;
  return group ? `${userName(m.senderId)}: ` : "";
}
