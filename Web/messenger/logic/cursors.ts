// Per-chat update cursors: the last `updateSeq` applied. Pure, so the rules are unit tested.
import type { ChatId, SyncCursor } from "../../shared/protocol";

export type Verdict = "apply" | "duplicate" | "gap";

/** What to do with update `updateSeq` when the chat's cursor is `cursor` (undefined: chat unknown). */
export function classify(cursor: number | undefined, updateSeq: number): Verdict {
  if (cursor === undefined) return "gap";
  if (updateSeq <= cursor) return "duplicate";
  return updateSeq === cursor + 1 ? "apply" : "gap";
}

export class Cursors {
  private readonly map = new Map<ChatId, number>();

  get(chatId: ChatId): number | undefined {
    return this.map.get(chatId);
  }

  /** Never moves back: a late list answer must not undo updates already applied. */
  advance(chatId: ChatId, updateSeq: number): void {
    const current = this.map.get(chatId);
    if (current === undefined || updateSeq > current) this.map.set(chatId, updateSeq);
  }

  /** Only for a chat not known before (first list load, a chat created elsewhere). */
  adopt(chatId: ChatId, updateSeq: number): boolean {
    if (this.map.has(chatId)) return false;
    this.map.set(chatId, updateSeq);
    return true;
  }

  forget(chatId: ChatId): void {
    this.map.delete(chatId);
  }

  has(chatId: ChatId): boolean {
    return this.map.has(chatId);
  }

  toRequest(): SyncCursor[] {
    return Array.from(this.map, ([chatId, updateSeq]) => ({ chatId, updateSeq }));
  }
}
