import { describe, expect, it } from "vitest";
import { lastSeenAfter } from "../messenger/logic/presence";

describe("last seen after a user_status", () => {
  const before = "2026-12-01T10:00:00Z";
  const now = "2026-12-02T04:00:00Z";

  it("takes a time the server gives", () => {
    expect(lastSeenAfter(before, false, now)).toBe(now);
    expect(lastSeenAfter(null, true, now)).toBe(now);
  });

  it("keeps the old time while the user comes online without one", () => {
    expect(lastSeenAfter(before, true, null)).toBe(before);
  });

  it("drops the old time when the server hides the user's presence (they blocked me)", () => {
    expect(lastSeenAfter(before, false, null)).toBeNull();
    expect(lastSeenAfter(undefined, false, null)).toBeNull();
  });
});
