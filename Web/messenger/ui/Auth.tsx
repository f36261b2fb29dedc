import { useState } from "preact/hooks";
import { LOCALES } from "../../shared/i18n";
import { errorText, locale, login, register, setLocale, t } from "../store";

export function Auth() {
  const [mode, setMode] = useState<"login" | "register">("login");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [fullName, setFullName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "login") await login(username.trim(), password);
      else await register(username.trim(), password, fullName.trim() || username.trim());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="auth">
      <form class="auth-card" onSubmit={submit}>
        <h1>{t("app.name")}</h1>
        <p class="muted">{t("auth.welcome")}</p>
        <label>
          {t("auth.username")}
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        {mode === "register" && (
          <label>
            {t("auth.fullName")}
            <input name="fullName" autocomplete="name" value={fullName} onInput={(e) => setFullName(e.currentTarget.value)} />
          </label>
        )}
        <label>
          {t("auth.password")}
          <input
            name="password"
            type="password"
            autocomplete={mode === "login" ? "current-password" : "new-password"}
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{mode === "login" ? t("auth.login") : t("auth.register")}</button>
        <button type="button" class="link" onClick={() => { setMode(mode === "login" ? "register" : "login"); setError(null); }}>
          {mode === "login" ? t("auth.toRegister") : t("auth.toLogin")}
        </button>
        <div class="lang-switch" role="group" aria-label={t("profile.language")}>
          {LOCALES.map((l) => (
            <button type="button" key={l} class={l === locale.value ? "chip active" : "chip"} aria-pressed={l === locale.value} onClick={() => setLocale(l)}>
              {l === "en" ? "English" : "Русский"}
            </button>
          ))}
        </div>
      </form>
    </main>
  );
}
