import { useEffect, useState } from "preact/hooks";
import type { BackupInfo, BackupStatus } from "../contracts";
import { bytes, when } from "../format";
import { api, changes, errorText, guarded, locale, t } from "../store";
import { Confirm } from "./Confirm";

/** Take a backup (with its progress), list, download and delete them. */
export function Backups() {
  const [list, setList] = useState<BackupInfo[]>([]);
  const [folder, setFolder] = useState("");
  const [progress, setProgress] = useState<BackupStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const l = locale.value;

  const load = () =>
    guarded(() => api.backups())
      .then((b) => {
        setList(b.backups);
        setFolder(b.folder);
      })
      .catch((e) => setError(errorText(e)));
  useEffect(() => void load(), [changes.value]);

  // Progress is read only while a backup this page started is running.
  useEffect(() => {
    if (!busy) return;
    let stop = false;
    const watch = async () => {
      while (!stop) {
        try {
          setProgress(await api.backupStatus());
        } catch {
          // The POST's answer says how it ended.
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    void watch();
    return () => {
      stop = true;
    };
  }, [busy]);

  const create = async () => {
    setError(null);
    setBusy(true);
    setStatus(t("backups.running"));
    try {
      const made = await guarded(() => api.createBackup());
      setStatus(t("backups.done", { name: made.name, size: bytes(made.size, l) }));
      changes.value++;
    } catch (e) {
      setStatus(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const current = progress?.current;
  return (
    <section id="backups" class="card" aria-labelledby="backups-title" aria-busy={busy}>
      <div class="section-head">
        <h2 id="backups-title">{t("section.backups")}</h2>
        <button type="button" class="primary" disabled={busy} onClick={() => void create()}>
          {busy ? t("backups.running") : t("backups.create")}
        </button>
      </div>
      {busy && (
        <div class="progress">
          <progress
            aria-label={t("backups.progress")}
            max={current && current.stage === "files" && current.bytesTotal > 0 ? current.bytesTotal : undefined}
            value={current && current.stage === "files" && current.bytesTotal > 0 ? current.bytesDone : undefined}
          />
          <span class="muted small">{current ? t(`backups.stage.${current.stage}`, { done: current.filesDone, total: current.filesTotal }) : t("backups.running")}</span>
        </div>
      )}
      <p role="status" class="muted small" data-testid="backup-status">{status}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {folder && <p class="muted small">{t("backups.folder", { folder })}</p>}
      {list.length === 0 ? (
        <p class="muted">{t("backups.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">{t("section.backups")}</caption>
            <thead><tr><th scope="col">{t("backups.name")}</th><th scope="col">{t("backups.size")}</th><th scope="col">{t("backups.taken")}</th><th scope="col">{t("users.actions")}</th></tr></thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.name} data-backup={b.name}>
                  <td class="nowrap">{b.name}</td>
                  <td>{bytes(b.size, l)}</td>
                  <td class="small">{when(b.createdAt, l)}</td>
                  <td>
                    <div class="row-actions">
                      <a class="button small" href={api.backupUrl(b.name)} download={b.name} aria-label={t("backups.downloadName", { name: b.name })}>{t("backups.download")}</a>
                      <button type="button" class="small danger" aria-label={t("backups.deleteName", { name: b.name })} onClick={() => setDeleting(b.name)}>{t("backups.delete")}</button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && (
        <Confirm
          title={t("backups.deleteTitle", { name: deleting })}
          action={t("backups.delete")}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const name = deleting;
            setDeleting(null);
            guarded(() => api.deleteBackup(name))
              .then(() => {
                setStatus(t("backups.deleted", { name }));
                changes.value++;
              })
              .catch((e) => setError(errorText(e)));
          }}
        />
      )}
    </section>
  );
}
