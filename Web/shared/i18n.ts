// Translations with plural forms (Intl.PluralRules: Russian has one / few / many / other).

export type Locale = "en" | "ru";
export const LOCALES: readonly Locale[] = ["en", "ru"];

/** A plain string, or plural forms keyed by Intl.PluralRules categories. */
export type Entry = string | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Dictionary = Record<string, Entry>;

export function pickLocale(languages: readonly string[] | undefined, stored: string | null): Locale {
  if (stored === "en" || stored === "ru") return stored;
  for (const lang of languages ?? []) {
    const base = lang.toLowerCase().split("-")[0];
    if (base === "ru" || base === "uk" || base === "be") return "ru";
    if (base === "en") return "en";
  }
  return "en";
}

const rulesCache = new Map<Locale, Intl.PluralRules>();

export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  let rules = rulesCache.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    rulesCache.set(locale, rules);
  }
  return rules.select(n);
}

/** `{name}` placeholders are filled from `params`; `{n}` also picks the plural form. */
export function translate(dicts: Record<Locale, Dictionary>, locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const entry = dicts[locale][key] ?? dicts.en[key] ?? key;
  let text: string;
  if (typeof entry === "string") {
    text = entry;
  } else {
    const n = typeof params.n === "number" ? params.n : 0;
    text = entry[pluralCategory(locale, n)] ?? entry.other ?? entry.many ?? key;
  }
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}
