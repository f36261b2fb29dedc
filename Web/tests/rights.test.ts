import { describe, expect, it } from "vitest";
import type { ChatSummary } from "../shared/protocol";
import { blocksPeer, peerOf } from "../messenger/ui/rights";

const chat = (kind: ChatSummary["kind"], peerId: number | null): ChatSummary =>
  ({ chatId: kind === "direct" ? `dm-1-${peerId ?? 1}` : "g-1", kind, peerId, memberCount: 2, myRole: "member" }) as unknown as ChatSummary;

describe("blocking in the client", () => {
  it("finds the other member of a direct chat, not in saved messages or groups", () => {
    expect(peerOf(chat("direct", 2), 1)).toBe(2);
    expect(peerOf(chat("direct", 1), 1)).toBeNull();
    expect(peerOf(chat("direct", null), 1)).toBeNull();
    expect(peerOf(chat("group", null), 1)).toBeNull();
  });

  it("closes the composer only in a direct chat with someone the user blocks", () => {
    const blocked = new Set([2]);
    expect(blocksPeer(chat("direct", 2), 1, blocked)).toBe(true);
    expect(blocksPeer(chat("direct", 3), 1, blocked)).toBe(false);
    expect(blocksPeer(chat("group", null), 1, blocked)).toBe(false);
    expect(blocksPeer(chat("direct", 2), 1, new Set())).toBe(false);
  });
});
