// A draft per chat, kept across chat switches and reloads.
import type { ChatId } from "../../shared/protocol";
import { type KeyValueStore, readJson, writeJson } from "../../shared/storage";

export class Drafts {
  private drafts: Record<ChatId, string>;

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {
    this.drafts = readJson<Record<ChatId, string>>(store, key, {});
  }

  get(chatId: ChatId): string {
    return this.drafts[chatId] ?? "";
  }

  set(chatId: ChatId, text: string): void {
    if ((this.drafts[chatId] ?? "") === text) return;
    const next = { ...this.drafts };
    if (text) next[chatId] = text;
    else delete next[chatId];
    this.drafts = next;
    writeJson(this.store, this.key, next);
  }
}
