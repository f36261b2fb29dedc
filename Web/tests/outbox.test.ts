import { describe, expect, it } from "vitest";
import { Drafts } from "../messenger/logic/drafts";
import { Outbox, type OutboxEntry } from "../messenger/logic/outbox";
import type { KeyValueStore } from "../shared/storage";

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) };
}

const entry = (clientId: string, chatId = "dm-1-2"): OutboxEntry => ({ clientId, chatId, text: `text ${clientId}`, queuedAt: 1 });

describe("outbox", () => {
  it("keeps waiting messages in order across a reload, each once", () => {
    const store = memoryStore();
    const box = new Outbox(store, "o");
    box.add(entry("a"));
    box.add(entry("b"));
    box.add(entry("a"));
    const reloaded = new Outbox(store, "o");
    expect(reloaded.pending().map((e) => e.clientId)).toEqual(["a", "b"]);
  });

  it("forgets a message once the server has it, whether by answer or by event", () => {
    const box = new Outbox(memoryStore(), "o");
    box.add(entry("a"));
    expect(box.acknowledge("a")).toBe(true);
    expect(box.acknowledge("a")).toBe(false);
    expect(box.acknowledge(null)).toBe(false);
    expect(box.all()).toEqual([]);
  });

  it("holds a refused message back with its text until the user retries", () => {
    const box = new Outbox(memoryStore(), "o");
    box.add(entry("a"));
    box.fail("a", "too long");
    expect(box.pending()).toEqual([]);
    expect(box.forChat("dm-1-2")[0]!.text).toBe("text a");
    box.retry("a");
    expect(box.pending().map((e) => e.clientId)).toEqual(["a"]);
  });

  it("survives a corrupt stored value", () => {
    const store = memoryStore();
    store.set("o", "{not json");
    expect(new Outbox(store, "o").all()).toEqual([]);
  });
});

describe("drafts", () => {
  it("keeps one draft per chat across reloads and drops empty ones", () => {
    const store = memoryStore();
    const d = new Drafts(store, "d");
    d.set("dm-1-2", "hello");
    d.set("g-1", "group text");
    d.set("g-1", "");
    const again = new Drafts(store, "d");
    expect(again.get("dm-1-2")).toBe("hello");
    expect(again.get("g-1")).toBe("");
  });
});
