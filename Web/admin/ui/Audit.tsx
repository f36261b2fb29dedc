import { useEffect, useState } from "preact/hooks";
import type { AuditEntry } from "../contracts";
import { when } from "../format";
import { api, changes, errorText, guarded, locale, t } from "../store";

/** Who did what, newest first; older pages on demand. */
export function Audit() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const l = locale.value;

  useEffect(() => {
    guarded(() => api.audit())
      .then((p) => {
        setEntries(p.entries);
        setHasMore(p.hasMore);
      })
      .catch((e) => setError(errorText(e)));
  }, [changes.value]);

  const more = async () => {
    try {
      const p = await guarded(() => api.audit(entries[entries.length - 1]?.id));
      setEntries([...entries, ...p.entries]);
      setHasMore(p.hasMore);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const action = (a: string) => {
    const key = `audit.${a}`;
    const text = t(key);
    return text === key ? a : text;
  };

  return (
    <section id="audit" class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t("section.audit")}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {entries.length === 0 ? (
        <p class="muted">{t("audit.none")}</p>
      ) : (
        <div class="table-wrap tall">
          <table class="table">
            <caption class="sr-only">{t("section.audit")}</caption>
            <thead><tr><th scope="col">{t("audit.when")}</th><th scope="col">{t("audit.who")}</th><th scope="col">{t("audit.what")}</th><th scope="col">{t("audit.target")}</th></tr></thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td class="small nowrap">{when(e.at, l)}</td>
                  <td>{e.adminName}</td>
                  <td>{action(e.action)}</td>
                  <td>{[e.target, e.details].filter(Boolean).join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && <button type="button" class="small" onClick={() => void more()}>{t("audit.more")}</button>}
    </section>
  );
}
