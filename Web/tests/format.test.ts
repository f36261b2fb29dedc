import { describe, expect, it } from "vitest";
import { locale } from "../messenger/store";
import { ago, dayLabel, fileSize } from "../messenger/ui/format";
import { inviteLink, inviteState } from "../messenger/ui/InviteSection";

describe("dates and sizes", () => {
  const now = new Date(2026, 11, 1, 15, 0);

  it("labels days as today, yesterday, then by date (with the year only when it differs)", () => {
    locale.value = "en";
    expect(dayLabel(new Date(2026, 11, 1, 9, 30).toISOString(), now)).toBe("Today");
    expect(dayLabel(new Date(2026, 10, 30, 23, 59).toISOString(), now)).toBe("Yesterday");
    expect(dayLabel(new Date(2026, 10, 28, 12, 0).toISOString(), now)).toBe("November 28");
    expect(dayLabel(new Date(2025, 10, 28, 12, 0).toISOString(), now)).toBe("November 28, 2025");
  });

  it("says when someone was last seen, with Russian plurals", () => {
    locale.value = "ru";
    const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000).toISOString();
    expect(ago(minutesAgo(0), now.getTime())).toBe("был(а) только что");
    expect(ago(minutesAgo(2), now.getTime())).toBe("был(а) 2 минуты назад");
    expect(ago(minutesAgo(5), now.getTime())).toBe("был(а) 5 минут назад");
    expect(ago(minutesAgo(21 * 60), now.getTime())).toBe("был(а) 21 час назад");
    expect(ago(null)).toBe("был(а) давно");
    expect(fileSize(1536)).toBe("1.5 КБ");
    locale.value = "en";
    expect(fileSize(20 * 1024 * 1024)).toBe("20 MB");
  });
});

describe("invites", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const answer = { chatId: "g-1", invite: "g-1.secret" };

  it("links to the messenger's invite route", () => {
    (globalThis as { location?: unknown }).location = { origin: "http://192.168.1.5:5000" };
    expect(inviteLink("g-1.a_b-c")).toBe("http://192.168.1.5:5000/invite?code=g-1.a_b-c");
  });

  it("says why an invite no longer works, or what limits it has", () => {
    locale.value = "en";
    expect(inviteState({ ...answer, expiresAt: null, maxUses: null, uses: 3 }, now)).toBeNull();
    expect(inviteState({ ...answer, expiresAt: "2026-12-01T11:00:00Z" }, now)).toBe("This link has expired: nobody can join with it. Make a new one.");
    expect(inviteState({ ...answer, maxUses: 5, uses: 5 }, now)).toBe("This link has been used all 5 times: make a new one.");
    expect(inviteState({ ...answer, maxUses: 5, uses: 2 }, now)).toBe("used 2 of 5 times");
  });
});
