// What the user's role allows in a chat (the table under "Chat" in docs/protocol.md).
import type { ChatSummary, Message } from "../../shared/protocol";

const isAdmin = (c: ChatSummary) => c.myRole === "owner" || c.myRole === "admin";

export const canPost = (c: ChatSummary) => c.kind !== "channel" || isAdmin(c);
export const canPin = (c: ChatSummary) => c.kind === "direct" || isAdmin(c);
export const canManage = (c: ChatSummary) => c.kind !== "direct" && isAdmin(c);
export const canEdit = (m: Message, me: number) => m.senderId === me && m.type !== "system" && !m.deleted && m.type === "text";
export const canDelete = (c: ChatSummary, m: Message, me: number) =>
  m.type !== "system" && !m.deleted && (m.senderId === me || (c.kind !== "direct" && isAdmin(c)));
