import { useState } from "preact/hooks";
import { count } from "../format";
import { api, changes, errorText, guarded, locale, t } from "../store";
import { Confirm } from "./Confirm";

/** Clearing every chat's history: asked twice (the second time the admin types a word), then the server checks its own confirmation. */
export function ClearMessages() {
  const [step, setStep] = useState<0 | 1 | 2>(0);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const word = t("clear.word");
  const l = locale.value;

  const close = () => {
    setStep(0);
    setTyped("");
  };
  const clear = async () => {
    close();
    setError(null);
    setBusy(true);
    setStatus(t("clear.running"));
    try {
      const answer = await guarded(() => api.clearMessages());
      setStatus(t("clear.done", { n: answer.messages, count: count(answer.messages, l), chats: count(answer.chats, l) }));
      changes.value++;
    } catch (e) {
      setStatus(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="danger" class="card danger-zone" aria-labelledby="danger-title" aria-busy={busy}>
      <h2 id="danger-title">{t("section.danger")}</h2>
      <p class="muted">{t("clear.about")}</p>
      {error && <p class="error" role="alert">{error}</p>}
      <p role="status" class="muted small" data-testid="clear-status">{status}</p>
      <button type="button" class="danger" disabled={busy} onClick={() => setStep(1)}>{t("clear.button")}</button>
      {step === 1 && (
        <Confirm title={t("clear.title1")} action={t("clear.continue")} onCancel={close} onConfirm={() => setStep(2)}>
          <p>{t("clear.text1")}</p>
        </Confirm>
      )}
      {step === 2 && (
        <Confirm title={t("clear.title2")} action={t("clear.button")} onCancel={close} onConfirm={() => void clear()} disabled={typed.trim().toLowerCase() !== word.toLowerCase()}>
          <label>
            {t("clear.type", { word })}
            <input value={typed} autocomplete="off" onInput={(e) => setTyped(e.currentTarget.value)} />
          </label>
        </Confirm>
      )}
    </section>
  );
}
