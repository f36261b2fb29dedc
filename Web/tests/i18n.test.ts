import { describe, expect, it } from "vitest";
import { pickLocale, translate } from "../shared/i18n";
import { dictionaries } from "../messenger/strings";

describe("i18n", () => {
  it("uses Russian plural forms: 1 участник, 2 участника, 5 участников, 21 участник", () => {
    const n = (count: number) => translate(dictionaries, "ru", "chat.members", { n: count });
    expect(n(1)).toBe("1 участник");
    expect(n(2)).toBe("2 участника");
    expect(n(5)).toBe("5 участников");
    expect(n(11)).toBe("11 участников");
    expect(n(21)).toBe("21 участник");
    expect(n(22)).toBe("22 участника");
  });

  it("uses English plural forms", () => {
    expect(translate(dictionaries, "en", "chat.subscribers", { n: 1 })).toBe("1 subscriber");
    expect(translate(dictionaries, "en", "chat.subscribers", { n: 3 })).toBe("3 subscribers");
  });

  it("picks the language from the browser unless the user chose one", () => {
    expect(pickLocale(["ru-RU", "en"], null)).toBe("ru");
    expect(pickLocale(["de-DE", "en-US"], null)).toBe("en");
    expect(pickLocale(["fr"], null)).toBe("en");
    expect(pickLocale(["ru"], "en")).toBe("en");
  });

  it("has every key in both languages", () => {
    expect(Object.keys(dictionaries.ru).sort()).toEqual(Object.keys(dictionaries.en).sort());
  });

  it("falls back to English, then to the key", () => {
    expect(translate({ en: { a: "A" }, ru: {} }, "ru", "a")).toBe("A");
    expect(translate({ en: {}, ru: {} }, "ru", "missing")).toBe("missing");
  });
});

describe("strings", () => {
  it("has every text in both languages, and a translated message for every server error code", async () => {
    const { ERROR_CODES } = await import("../shared/errors");
    const en = Object.keys(dictionaries.en).sort();
    const ru = Object.keys(dictionaries.ru).sort();
    expect(ru).toEqual(en);
    const adminCodes = ["invalid_backup_name", "backup_in_progress", "backup_failed", "confirmation_required"]; // admin panel only
    for (const code of ERROR_CODES.filter((c) => !adminCodes.includes(c))) expect(en).toContain(`error.${code}`);
  });
});
