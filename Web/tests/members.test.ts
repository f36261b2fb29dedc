import { describe, expect, it } from "vitest";
import type { MemberEntry } from "../shared/protocol";
import { appendMembers } from "../messenger/logic/members";

const m = (userId: number, role: MemberEntry["role"] = "member"): MemberEntry => ({ userId, role, joinedAt: "2026-01-01T00:00:00Z" });

describe("member pages", () => {
  it("appends the next page in order", () => {
    expect(appendMembers([m(1, "owner"), m(2)], [m(3), m(4)]).map((x) => x.userId)).toEqual([1, 2, 3, 4]);
  });

  it("lists a member shifted into the next page (someone left meanwhile) once", () => {
    expect(appendMembers([m(1, "owner"), m(2), m(3)], [m(3), m(4)]).map((x) => x.userId)).toEqual([1, 2, 3, 4]);
  });
});
