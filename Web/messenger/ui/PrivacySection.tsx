import { useEffect, useState } from "preact/hooks";
import { WHO_CAN_ADD_ME } from "../../shared/protocol";
import { blocked, errorText, loadPrivacy, setBlocked, setWhoCanAddMe, t, userName, whoCanAddMe } from "../store";

/** Who may add me to groups and channels, and the people I block (with Unblock). */
export function PrivacySection() {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const run = (call: () => Promise<void>, confirm = true) => {
    setError(null);
    setSaved(false);
    void call().then(() => setSaved(confirm), (e) => setError(errorText(e)));
  };
  useEffect(() => run(loadPrivacy, false), []);
  const list = Array.from(blocked.value);
  return (
    <section class="form" aria-label={t("privacy.title")}>
      <h3>{t("privacy.title")}</h3>
      {saved && <p class="ok" role="status">{t("profile.saved")}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <fieldset class="choices">
        <legend>{t("privacy.whoCanAdd")}</legend>
        {WHO_CAN_ADD_ME.map((value) => (
          <label key={value} class="check">
            <input type="radio" name="who-can-add-me" value={value} checked={whoCanAddMe.value === value}
              onChange={() => run(() => setWhoCanAddMe(value))} />
            {t(`privacy.${value}`)}
          </label>
        ))}
      </fieldset>
      <h4>{t("privacy.blocked")}</h4>
      {list.length === 0 ? (
        <p class="muted">{t("privacy.noneBlocked")}</p>
      ) : (
        <ul class="rows" aria-label={t("privacy.blocked")}>
          {list.map((id) => (
            <li key={id} class="row">
              <span class="row-main"><span class="row-title">{userName(id)}</span></span>
              <button type="button" class="small" aria-label={t("privacy.unblockUser", { name: userName(id) })} onClick={() => run(() => setBlocked(id, false))}>
                {t("info.unblock")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
