import { useEffect, useState } from "preact/hooks";
import type { UpdateAnswer } from "../contracts";
import { api, changes, errorText, guarded, t } from "../store";

/** The old server's update notice: every connected client is told at once, later ones when they connect. */
export function UpdateForm() {
  const [current, setCurrent] = useState<UpdateAnswer | null>(null);
  const [version, setVersion] = useState("");
  const [changelog, setChangelog] = useState("");
  const [url, setUrl] = useState("");
  const [mandatory, setMandatory] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    guarded(() => api.currentUpdate()).then(setCurrent).catch(() => undefined);
  }, []);

  const push = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const answer = await guarded(() => api.pushUpdate({ version: version.trim(), changelog, download_url: url.trim() || undefined, mandatory }));
      setCurrent(answer);
      setStatus(t("update.pushed", { version: answer.version ?? "" }));
      changes.value++;
    } catch (err) {
      setError(errorText(err));
    }
  };
  const cancel = async () => {
    setError(null);
    try {
      const answer = await guarded(() => api.cancelUpdate());
      setCurrent(null);
      setStatus(answer.cancelled ? t("update.cancelled", { version: answer.cancelled }) : t("update.none"));
      changes.value++;
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section id="update" class="card" aria-labelledby="update-title">
      <h2 id="update-title">{t("section.update")}</h2>
      <p class="muted" data-testid="update-current">
        {current?.update_available ? t("update.current", { version: current.version ?? "" }) : t("update.none")}
      </p>
      {error && <p class="error" role="alert">{error}</p>}
      <p role="status" class="muted small">{status}</p>
      <form class="form" onSubmit={push}>
        <label>
          {t("update.version")}
          <input value={version} required maxLength={64} onInput={(e) => setVersion(e.currentTarget.value)} />
        </label>
        <label>
          {t("update.changelog")}
          <textarea value={changelog} maxLength={4000} rows={3} onInput={(e) => setChangelog(e.currentTarget.value)} />
        </label>
        <label>
          {t("update.url")}
          <input type="url" value={url} maxLength={512} placeholder="https://" onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={mandatory} onChange={(e) => setMandatory(e.currentTarget.checked)} />
          {t("update.mandatory")}
        </label>
        <div class="actions start">
          <button type="submit" class="primary">{t("update.push")}</button>
          <button type="button" disabled={!current?.update_available} onClick={() => void cancel()}>{t("update.cancel")}</button>
        </div>
      </form>
    </section>
  );
}
