import { LOCALES } from "../../shared/i18n";
import { locale, setLocale, t } from "../store";

export function LanguageSwitch() {
  return (
    <div class="lang" role="group" aria-label={t("top.language")}>
      {LOCALES.map((l) => (
        <button type="button" key={l} class={l === locale.value ? "chip active" : "chip"} aria-pressed={l === locale.value} lang={l} onClick={() => setLocale(l)}>
          {l === "en" ? "English" : "Русский"}
        </button>
      ))}
    </div>
  );
}
