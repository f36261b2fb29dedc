// What the user's role allows in a chat (the table under "Chat" in docs/protocol.md).
import type { ChatSummary, Message } from "../../shared/protocol";

const isAdmin = (c: ChatSummary) => c.myRole === "owner" || c.myRole === "admin";

export const canPost = (c: ChatSummary) => c.kind !== "channel" || isAdmin(c);
/** The other member of a direct chat, unless it is the user's own saved-messages chat. */
export const peerOf = (c: ChatSummary, me: number): number | null => (c.kind === "direct" && c.peerId != null && c.peerId !== me ? c.peerId : null);
/** A direct chat with someone the user blocks: nothing can be written until they unblock. */
export const blocksPeer = (c: ChatSummary, me: number, blocked: ReadonlySet<number>) => {
  const peer = peerOf(c, me);
  return peer != null && blocked.has(peer);
};
export const canPin = (c: ChatSummary) => c.kind === "direct" || isAdmin(c);
export const canManage = (c: ChatSummary) => c.kind !== "direct" && isAdmin(c);
export const canEdit = (m: Message, me: number) => m.senderId === me && m.type !== "system" && !m.deleted && m.type === "text";
export const canDelete = (c: ChatSummary, m: Message, me: number) =>
  m.type !== "system" && !m.deleted && (m.senderId === me || (c.kind !== "direct" && isAdmin(c)));
