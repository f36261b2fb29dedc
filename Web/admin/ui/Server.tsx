import { useEffect, useState } from "preact/hooks";
import type { ServerStatus } from "../contracts";
import { bytes, duration, when } from "../format";
import { api, connection, errorText, guarded, locale, t } from "../store";
import { Confirm } from "./Confirm";

/** The server's status, and restart / shutdown after a confirmation. */
export function Server() {
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<"restart" | "shutdown" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const l = locale.value;
  const connected = connection.value === "connected";

  // Read again on every (re)connection: after a restart the figures are new.
  useEffect(() => {
    if (!connected) return;
    guarded(() => api.serverStatus())
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch((e) => setError(errorText(e)));
  }, [connected]);

  const stop = async (action: "restart" | "shutdown") => {
    setAsking(null);
    setError(null);
    try {
      await guarded(() => api.stopServer(action));
      setNotice(t(action === "restart" ? "server.restarting" : "server.stopping"));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section id="server" class="card" aria-labelledby="server-title">
      <h2 id="server-title">{t("section.server")}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <p role="status" class="warning-text">{notice}</p>
      {status?.lowDisk && (
        <p class="warning" role="alert" data-testid="low-disk">
          {t("server.lowDisk", { free: bytes(status.freeDiskBytes ?? 0, l), min: bytes(status.minFreeDiskBytes ?? 0, l) })}
        </p>
      )}
      {status && (
        <dl class="facts">
          <dt>{t("server.state")}</dt>
          <dd>{status.stopping ? t(`server.stopping.${status.stopping}`) : status.running ? t("server.running") : t("server.stopped")}</dd>
          <dt>{t("card.uptime")}</dt>
          <dd>{duration(status.uptime, l)}</dd>
          {status.startedAt && (<><dt>{t("server.started")}</dt><dd>{when(status.startedAt, l)}</dd></>)}
          <dt>{t("server.addresses")}</dt>
          <dd>{status.addresses.join(", ") || status.port}</dd>
          {status.version && (<><dt>{t("server.version")}</dt><dd>{status.version}</dd></>)}
          {status.dataDir && (<><dt>{t("server.dataDir")}</dt><dd>{status.dataDir}</dd></>)}
          {status.freeDiskBytes != null && (<><dt>{t("server.freeDisk")}</dt><dd data-testid="free-disk">{bytes(status.freeDiskBytes, l)}</dd></>)}
        </dl>
      )}
      <div class="actions start">
        <button type="button" onClick={() => setAsking("restart")}>{t("server.restart")}</button>
        <button type="button" class="danger" onClick={() => setAsking("shutdown")}>{t("server.shutdown")}</button>
      </div>
      {asking && (
        <Confirm title={t(`server.${asking}Title`)} action={t(`server.${asking}`)} onCancel={() => setAsking(null)} onConfirm={() => void stop(asking)}>
          <p>{t(`server.${asking}Text`)}</p>
        </Confirm>
      )}
    </section>
  );
}
