// Dates, sizes and initials as people read them, in the chosen language.
import { locale, t } from "../store";

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(locale.value, { hour: "2-digit", minute: "2-digit" });
}

export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const that = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const days = Math.round((today.getTime() - that.getTime()) / 86_400_000);
  if (days === 0) return t("chat.today");
  if (days === 1) return t("chat.yesterday");
  return d.toLocaleDateString(locale.value, { day: "numeric", month: "long", year: d.getFullYear() === now.getFullYear() ? undefined : "numeric" });
}

/** Time for today's messages, the date for older ones (chat list). */
export function shortWhen(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (dayKey(iso) === dayKey(now.toISOString())) return timeOf(iso);
  return d.toLocaleDateString(locale.value, { day: "numeric", month: "short" });
}

export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return t("chat.lastSeenLong");
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return t("chat.lastSeen", { when: t("time.justNow") });
  if (minutes < 60) return t("chat.lastSeen", { when: t("time.minutes", { n: minutes }) });
  if (minutes < 24 * 60) return t("chat.lastSeen", { when: t("time.hours", { n: Math.floor(minutes / 60) }) });
  return t("chat.lastSeen", { when: shortWhen(iso) });
}

export function fileSize(bytes: number): string {
  const units = locale.value === "ru" ? ["Б", "КБ", "МБ", "ГБ"] : ["B", "KB", "MB", "GB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[1]![0]] : [Array.from(parts[0] ?? "?")[0]];
  return letters.join("").toUpperCase();
}

export function hue(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) % 360;
  return h;
}
