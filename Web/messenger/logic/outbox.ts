// Messages typed but not yet acknowledged by the server. Each keeps its clientId, so sending it
// again after a drop can never store it twice (the server answers a known clientId with the original).
import type { ChatId, UserId } from "../../shared/protocol";
import { type KeyValueStore, readJson, writeJson } from "../../shared/storage";

export interface OutboxEntry {
  clientId: string;
  chatId: ChatId;
  /** For a direct chat that may not exist on the server yet. */
  recipientId?: UserId;
  text: string;
  replyTo?: number | null;
  fileId?: string | null;
  type?: "text" | "file" | "image";
  /** Epoch ms when the user pressed send: the clock mark. */
  queuedAt: number;
  /** A refusal that retrying will not cure; the text stays so nothing typed is lost. */
  error?: string;
}

export class Outbox {
  private entries: OutboxEntry[];

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {
    this.entries = readJson<OutboxEntry[]>(store, key, []);
    if (!Array.isArray(this.entries)) this.entries = [];
  }

  all(): readonly OutboxEntry[] {
    return this.entries;
  }

  forChat(chatId: ChatId): OutboxEntry[] {
    return this.entries.filter((e) => e.chatId === chatId);
  }

  /** Entries to send now, oldest first: failed ones wait for the user. */
  pending(): OutboxEntry[] {
    return this.entries.filter((e) => !e.error);
  }

  add(entry: OutboxEntry): void {
    if (this.entries.some((e) => e.clientId === entry.clientId)) return;
    this.entries = [...this.entries, entry];
    this.save();
  }

  /** The server stored it (seen as an answer or as an event carrying the same clientId). */
  acknowledge(clientId: string | null | undefined): boolean {
    if (!clientId) return false;
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.clientId !== clientId);
    if (this.entries.length === before) return false;
    this.save();
    return true;
  }

  fail(clientId: string, error: string): void {
    this.entries = this.entries.map((e) => (e.clientId === clientId ? { ...e, error } : e));
    this.save();
  }

  retry(clientId: string): void {
    this.entries = this.entries.map((e) => (e.clientId === clientId ? { ...e, error: undefined } : e));
    this.save();
  }

  private save(): void {
    writeJson(this.store, this.key, this.entries);
  }
}
