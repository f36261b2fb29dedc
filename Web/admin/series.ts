// Chart data from the statistics' per-minute series: pure, so it is unit-tested.
import type { AdminStats } from "./contracts";

export type Range = "hour" | "day";

export interface ChartData {
  /** Start of each minute, in Unix seconds (uPlot's time axis). */
  x: number[];
  messages: number[];
  online: number[];
}

/**
 * The last hour (60 minutes) or the whole day of the series; the newest minute is still filling.
 * Online users are sampled once a minute: the newest minute shows `onlineNow` when it is given.
 */
export function chartData(series: AdminStats["series"], range: Range, onlineNow?: number): ChartData {
  const first = Math.floor(Date.parse(series.firstMinute) / 1000);
  const length = Math.min(series.messagesPerMinute.length, series.onlinePerMinute.length);
  const from = range === "hour" ? Math.max(0, length - 60) : 0;
  const x: number[] = [];
  for (let i = from; i < length; i++) x.push(first + i * 60);
  const online = series.onlinePerMinute.slice(from, length);
  if (onlineNow !== undefined && online.length > 0) online[online.length - 1] = onlineNow;
  return { x, messages: series.messagesPerMinute.slice(from, length), online };
}

export function total(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

export function peak(values: readonly number[]): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}
