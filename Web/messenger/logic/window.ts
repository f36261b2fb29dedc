// The slice of a chat's history kept in memory and in the page. A chat of any length keeps at most
// WINDOW_LIMIT messages: paging one way drops messages at the other end.
import type { Message } from "../../shared/protocol";

export const PAGE_SIZE = 50;
export const WINDOW_LIMIT = 200;

export interface MessageWindow {
  messages: Message[];
  /** Older messages exist on the server below the first one. */
  hasOlder: boolean;
  /** Newer messages exist above the last one (dropped while paging up). */
  hasNewer: boolean;
}

export const emptyWindow: MessageWindow = { messages: [], hasOlder: false, hasNewer: false };

/** Inserts or replaces messages by seq, keeping seq order. */
export function upsert(list: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return list as Message[];
  const bySeq = new Map<number, Message>();
  for (const m of list) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return Array.from(bySeq.values()).sort((a, b) => a.seq - b.seq);
}

export function withOlder(w: MessageWindow, page: readonly Message[], hasMore: boolean): MessageWindow {
  const messages = upsert(w.messages, page);
  if (messages.length <= WINDOW_LIMIT) return { messages, hasOlder: hasMore, hasNewer: w.hasNewer };
  return { messages: messages.slice(0, WINDOW_LIMIT), hasOlder: hasMore, hasNewer: true };
}

export function withNewer(w: MessageWindow, page: readonly Message[], reachedEnd: boolean): MessageWindow {
  const messages = upsert(w.messages, page);
  if (messages.length <= WINDOW_LIMIT) return { messages, hasOlder: w.hasOlder, hasNewer: !reachedEnd };
  return { messages: messages.slice(messages.length - WINDOW_LIMIT), hasOlder: true, hasNewer: !reachedEnd };
}

/** A live message: appended only when the window shows the newest end. */
export function withLive(w: MessageWindow, message: Message): MessageWindow {
  const present = w.messages.some((m) => m.seq === message.seq);
  if (!present && w.hasNewer) return w;
  return withNewer(w, [message], true);
}

/** An edit, deletion or reaction change: replaces the message only if it is in the window. */
export function withChanged(w: MessageWindow, message: Message): MessageWindow {
  const i = w.messages.findIndex((m) => m.seq === message.seq);
  if (i < 0) return w;
  const messages = w.messages.slice();
  messages[i] = message;
  return { ...w, messages };
}

/** The `before` and `limit` that fetch the page just above the window's newest message. */
export function newerPageRequest(w: MessageWindow): { before: number; limit: number } | null {
  const last = w.messages[w.messages.length - 1];
  return last ? { before: last.seq + PAGE_SIZE + 1, limit: PAGE_SIZE } : null;
}

/** An admin cleared the chat's history up to `upToSeq`: those messages are gone, nothing older exists. */
export function withCleared(w: MessageWindow, upToSeq: number): MessageWindow {
  return { messages: w.messages.filter((m) => m.seq > upToSeq), hasOlder: false, hasNewer: w.hasNewer };
}
