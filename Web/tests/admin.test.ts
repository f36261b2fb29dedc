import { describe, expect, it } from "vitest";
import { bytes, duration } from "../admin/format";
import { chartData, peak, total } from "../admin/series";

describe("admin chart data", () => {
  const series = {
    firstMinute: "2026-12-01T00:00:00Z",
    messagesPerMinute: Array.from({ length: 1440 }, (_, i) => (i >= 1380 ? 1 : 0)),
    onlinePerMinute: Array.from({ length: 1440 }, () => 2),
  };

  it("takes the last 60 minutes for the hour, with minute timestamps", () => {
    const hour = chartData(series, "hour");
    expect(hour.x).toHaveLength(60);
    expect(hour.x[0]).toBe(Date.parse("2026-12-01T23:00:00Z") / 1000);
    expect(hour.x[59]! - hour.x[0]!).toBe(59 * 60);
    expect(total(hour.messages)).toBe(60);
  });

  it("takes the whole day for the day", () => {
    const day = chartData(series, "day");
    expect(day.x).toHaveLength(1440);
    expect(total(day.messages)).toBe(60);
    expect(peak(day.online)).toBe(2);
  });

  it("shows the online users now in the newest minute", () => {
    const hour = chartData(series, "hour", 5);
    expect(hour.online[59]).toBe(5);
    expect(hour.online[58]).toBe(2);
  });

  it("copes with a short series", () => {
    const short = chartData({ firstMinute: series.firstMinute, messagesPerMinute: [3, 4], onlinePerMinute: [1] }, "hour");
    expect(short.x).toHaveLength(1);
    expect(short.messages).toEqual([3]);
  });
});

describe("admin formats", () => {
  it("writes sizes with binary units", () => {
    expect(bytes(512, "en")).toBe("512 B");
    expect(bytes(1536, "en")).toBe("1.5 KB");
    expect(bytes(5 * 1024 * 1024, "ru")).toBe("5 MB");
  });

  it("writes durations in days, hours and minutes", () => {
    expect(duration(42, "en")).toBe("42 s");
    expect(duration(3 * 3600 + 5 * 60, "en")).toBe("3 h 5 min");
    expect(duration(90000, "ru")).toBe("1 д 1 ч 0 мин");
  });
});
