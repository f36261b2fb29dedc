import { useState } from "preact/hooks";
import { changePassword, errorText, session, signIn, signInNotice, signOut, t } from "../store";
import { LanguageSwitch } from "./LanguageSwitch";

export function SignIn() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      if ((await signIn(username.trim(), password)) === "not_admin") setError(t("signin.notAdmin"));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="center">
      <form class="card auth" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{t("app.title")}</h1>
        <p class="muted">{t("signin.intro")}</p>
        {signInNotice.value && <p class="warning" role="status">{signInNotice.value}</p>}
        {error && <p class="error" role="alert">{error}</p>}
        <label>
          {t("signin.username")}
          <input value={username} autocomplete="username" required onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {t("signin.password")}
          <input type="password" value={password} autocomplete="current-password" required onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={busy}>{t("signin.submit")}</button>
        <LanguageSwitch />
      </form>
    </main>
  );
}

/** Shown after signing in with an account that still has its demo password. */
export function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (next !== again) {
      setError(t("password.mismatch"));
      return;
    }
    try {
      await changePassword(current, next);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <main class="center">
      <form class="card auth" onSubmit={submit} aria-labelledby="password-title">
        <h1 id="password-title">{t("password.title")}</h1>
        <p class="warning">{t("password.why", { name: session.value?.user.username ?? "" })}</p>
        {error && <p class="error" role="alert">{error}</p>}
        <label>
          {t("password.current")}
          <input type="password" value={current} autocomplete="current-password" required onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
        <label>
          {t("password.new")}
          <input type="password" value={next} autocomplete="new-password" required minLength={6} onInput={(e) => setNext(e.currentTarget.value)} />
        </label>
        <label>
          {t("password.again")}
          <input type="password" value={again} autocomplete="new-password" required minLength={6} onInput={(e) => setAgain(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">{t("password.submit")}</button>
        <button type="button" onClick={() => void signOut()}>{t("top.signOut")}</button>
      </form>
    </main>
  );
}
