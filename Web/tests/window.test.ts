import { describe, expect, it } from "vitest";
import type { Message } from "../shared/protocol";
import { newerPageRequest, PAGE_SIZE, WINDOW_LIMIT, withChanged, withCleared, withLive, withNewer, withOlder } from "../messenger/logic/window";

const msg = (seq: number, text = `m${seq}`): Message => ({ id: `c:${seq}`, chatId: "c", seq, senderId: 1, text, type: "text", createdAt: "2026-01-01T00:00:00Z" });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));

describe("message window", () => {
  it("pages upward and drops the newest past the limit, remembering newer ones exist", () => {
    let w = { messages: range(951, 1000), hasOlder: true, hasNewer: false };
    for (let top = 950; top > 950 - 5 * PAGE_SIZE; top -= PAGE_SIZE) w = withOlder(w, range(top - PAGE_SIZE + 1, top), true);
    expect(w.messages.length).toBe(WINDOW_LIMIT);
    expect(w.hasNewer).toBe(true);
    expect(w.messages[0]!.seq).toBe(701);
  });

  it("asks for the page just above the newest message it holds", () => {
    const w = { messages: range(1, 10), hasOlder: false, hasNewer: true };
    expect(newerPageRequest(w)).toEqual({ before: 10 + PAGE_SIZE + 1, limit: PAGE_SIZE });
    const next = withNewer(w, range(11, 20), true);
    expect(next.hasNewer).toBe(false);
    expect(next.messages.length).toBe(20);
  });

  it("appends live messages only at the newest end, once", () => {
    const w = { messages: range(1, 3), hasOlder: false, hasNewer: false };
    expect(withLive(withLive(w, msg(4)), msg(4)).messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    const behind = { ...w, hasNewer: true };
    expect(withLive(behind, msg(9))).toBe(behind);
  });

  it("replaces an edited message in place and ignores one it does not hold", () => {
    const w = { messages: range(1, 3), hasOlder: false, hasNewer: false };
    expect(withChanged(w, msg(2, "edited")).messages[1]!.text).toBe("edited");
    expect(withChanged(w, msg(7))).toBe(w);
  });

  it("drops everything a clear took, and knows nothing older is left", () => {
    const w = withCleared({ messages: range(90, 110), hasOlder: true, hasNewer: false }, 100);
    expect(w.messages.map((m) => m.seq)).toEqual(range(101, 110).map((m) => m.seq));
    expect(w.hasOlder).toBe(false);
    expect(withCleared({ messages: range(1, 5), hasOlder: false, hasNewer: false }, 5).messages).toEqual([]);
  });
});
