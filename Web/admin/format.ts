// How the panel writes sizes, durations, numbers and times in the page's language.
import type { Locale } from "../shared/i18n";

const UNITS = ["B", "KB", "MB", "GB", "TB"];

export function bytes(n: number, locale: Locale): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${UNITS[unit]}`;
}

/** Days, hours and minutes (seconds under a minute): "2 d 3 h 4 min". */
export function duration(seconds: number, locale: Locale): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const u = locale === "ru" ? { d: "д", h: "ч", m: "мин", s: "с" } : { d: "d", h: "h", m: "min", s: "s" };
  if (s < 60) return `${s} ${u.s}`;
  return [d ? `${d} ${u.d}` : "", d || h ? `${h} ${u.h}` : "", `${m} ${u.m}`].filter(Boolean).join(" ");
}

export function count(n: number, locale: Locale): string {
  return n.toLocaleString(locale);
}

export function when(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : date.toLocaleString(locale, { dateStyle: "short", timeStyle: "medium" });
}
