import { useEffect, useState } from "preact/hooks";
import type { SessionInfo } from "../../shared/protocol";
import { LOCALES } from "../../shared/i18n";
import { api, errorText, locale, logout, me, session, setLocale, t, users } from "../store";
import { Dialog } from "./Dialog";
import { PrivacySection } from "./PrivacySection";

function notificationState(): "on" | "denied" | "unavailable" | "ask" {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N || !globalThis.isSecureContext) return "unavailable";
  return N.permission === "granted" ? "on" : N.permission === "denied" ? "denied" : "ask";
}

export function ProfileDialog({ onClose }: { onClose: () => void }) {
  const self = me.value!;
  const mine = users.value.get(self.id);
  const [fullName, setFullName] = useState(mine?.fullName ?? self.fullName);
  const [bio, setBio] = useState(mine?.bio ?? "");
  const [avatar, setAvatar] = useState(mine?.avatar ?? "");
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notif, setNotif] = useState(notificationState());
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const loadSessions = () => api.sessions().then((a) => setSessions(a.sessions)).catch(() => setSessions(null));
  useEffect(() => void loadSessions(), []);
  const endSession = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      await loadSessions();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const answer = await api.updateMe({ fullName: fullName.trim(), bio, avatar });
      const all = new Map(users.value);
      const old = all.get(self.id);
      if (old) all.set(self.id, { ...old, fullName: answer.user.fullName, bio: answer.user.bio ?? null, avatar: answer.user.avatar ?? null });
      users.value = all;
      if (session.value) session.value = { ...session.value, user: { ...session.value.user, fullName: answer.user.fullName } };
      setStatus(t("profile.saved"));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const changePassword = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.changePassword(current, next);
      setCurrent("");
      setNext("");
      if (session.value) session.value = { ...session.value, mustChangePassword: false };
      setStatus(t("profile.changed"));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Dialog title={t("profile.title")} onClose={onClose}>
      {session.value?.mustChangePassword && <p class="warning" role="alert">{t("auth.mustChange")}</p>}
      {status && <p class="ok" role="status">{status}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <form class="form" onSubmit={save}>
        <label>{t("profile.fullName")}<input value={fullName} maxLength={100} onInput={(e) => setFullName(e.currentTarget.value)} /></label>
        <label>{t("profile.avatar")}<input value={avatar} maxLength={16} onInput={(e) => setAvatar(e.currentTarget.value)} /></label>
        <label>{t("profile.bio")}<textarea value={bio} maxLength={500} onInput={(e) => setBio(e.currentTarget.value)} /></label>
        <div class="dialog-actions"><button type="submit" class="primary">{t("profile.save")}</button></div>
      </form>
      <form class="form" onSubmit={changePassword}>
        <h3>{t("profile.password")}</h3>
        <label>{t("profile.current")}<input type="password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} /></label>
        <label>{t("profile.new")}<input type="password" autocomplete="new-password" required minLength={6} value={next} onInput={(e) => setNext(e.currentTarget.value)} /></label>
        <div class="dialog-actions"><button type="submit">{t("profile.password")}</button></div>
      </form>
      <PrivacySection />
      {sessions && sessions.length > 0 && (
        <section class="form" aria-label={t("profile.sessions")}>
          <h3>{t("profile.sessions")}</h3>
          <ul class="rows sessions">
            {sessions.map((s) => (
              <li key={s.id} class="row">
                <span class="row-main">
                  <span class="row-title">{s.device}{s.current && <span class="muted"> · {t("profile.thisDevice")}</span>}</span>
                  <span class="row-sub">{[s.address, s.lastSeen ? new Date(s.lastSeen).toLocaleString(locale.value) : null].filter(Boolean).join(" · ")}</span>
                </span>
                {!s.current && (
                  <button type="button" class="small danger" aria-label={t("profile.endSession", { device: s.device })} onClick={() => void endSession(() => api.endSession(s.id))}>✕</button>
                )}
              </li>
            ))}
          </ul>
          {sessions.some((s) => !s.current) && (
            <button type="button" onClick={() => void endSession(() => api.endOtherSessions())}>{t("profile.endOthers")}</button>
          )}
        </section>
      )}
      <div class="form">
        <h3>{t("profile.language")}</h3>
        <div class="lang-switch" role="group" aria-label={t("profile.language")}>
          {LOCALES.map((l) => (
            <button type="button" key={l} class={l === locale.value ? "chip active" : "chip"} aria-pressed={l === locale.value} onClick={() => setLocale(l)}>
              {l === "en" ? "English" : "Русский"}
            </button>
          ))}
        </div>
        <h3>{t("profile.notifications")}</h3>
        {notif === "ask" ? (
          <button type="button" onClick={() => void Notification.requestPermission().then(() => setNotif(notificationState()))}>{t("profile.enableNotifications")}</button>
        ) : (
          <p class="muted" data-testid="notification-state">{t(notif === "on" ? "profile.notificationsOn" : notif === "denied" ? "profile.notificationsDenied" : "profile.notificationsUnavailable")}</p>
        )}
      </div>
      <div class="dialog-actions">
        <button type="button" class="danger" onClick={() => { onClose(); void logout(); }}>{t("profile.logout")}</button>
      </div>
    </Dialog>
  );
}
