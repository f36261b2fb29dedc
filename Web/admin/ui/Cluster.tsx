import { useEffect, useState } from "preact/hooks";
import type { Locale } from "../../shared/i18n";
import type { ClusterMember, ClusterView } from "../contracts";
import { count, when } from "../format";
import { api, connection, errorText, guarded, locale, t } from "../store";
import { Confirm } from "./Confirm";

/** How often the members are read again while the panel is open. */
const REFRESH_MS = 5000;

/** The cluster's members with what each node holds, and a graceful leave after a confirmation. */
export function Cluster() {
  const [view, setView] = useState<ClusterView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<ClusterMember | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const l = locale.value;
  const connected = connection.value === "connected";

  const load = () =>
    guarded(() => api.cluster())
      .then((v) => {
        setView(v);
        setError(null);
      })
      .catch((e) => setError(errorText(e)));

  useEffect(() => {
    if (!connected) return;
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [connected]);

  const leave = async (member: ClusterMember) => {
    setLeaving(null);
    setError(null);
    try {
      await guarded(() => api.leaveCluster(member.address));
      setNotice(t("cluster.leavingNotice", { node: member.address }));
      void load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section id="cluster" class="card" aria-labelledby="cluster-title">
      <h2 id="cluster-title">{t("section.cluster")}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <p role="status" class="warning-text">{notice}</p>
      {!view && !error && <p class="muted">{t("common.loading")}</p>}
      {view && (
        <>
          <p class="muted" data-testid="cluster-summary">
            {t("cluster.summary", { members: view.members, up: view.up, unreachable: view.unreachable })}
          </p>
          <div class="table-wrap">
            <table class="table" data-testid="cluster-members">
              <caption>{t("cluster.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("cluster.node")}</th>
                  <th scope="col">{t("cluster.state")}</th>
                  <th scope="col">{t("cluster.upSince")}</th>
                  <th scope="col">{t("cluster.shards")}</th>
                  <th scope="col">{t("cluster.entities")}</th>
                  <th scope="col">{t("cluster.connections")}</th>
                  <th scope="col">{t("users.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {view.nodes.map((m) => (
                  <tr key={m.address} data-address={m.address} data-status={m.status}>
                    <td>
                      <div>{m.address}</div>
                      {m.node?.urls.map((u) => <div key={u} class="muted small">{u}</div>)}
                    </td>
                    <td>
                      <span data-testid="member-status">{t(`cluster.status.${m.status}`)}</span>
                      {!m.reachable && <span class="badge warning"> {t("cluster.unreachable")}</span>}
                      {m.leader && <span class="badge"> {t("cluster.leader")}</span>}
                      {m.oldest && <span class="badge"> {t("cluster.oldest")}</span>}
                      {m.self && <span class="badge"> {t("cluster.self")}</span>}
                      {!m.answered && <div class="muted small">{t("cluster.noAnswer")}</div>}
                    </td>
                    <td>{m.node?.upSince ? when(m.node.upSince, l) : "—"}</td>
                    <td>{m.node ? `${num(m.node.chatShards, l)} / ${num(m.node.userShards, l)}` : "—"}</td>
                    <td data-testid="member-entities">{m.node ? t("cluster.entityCounts", { chats: num(m.node.chats, l), users: num(m.node.userEntities, l) }) : "—"}</td>
                    <td data-testid="member-connections">{m.node ? count(m.node.connections, l) : "—"}</td>
                    <td>
                      {m.status === "Up" && (
                        <button type="button" class="small danger" onClick={() => setLeaving(m)} aria-label={t("cluster.leaveNode", { node: m.address })}>
                          {t("cluster.leave")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {leaving && (
        <Confirm title={t("cluster.leaveTitle")} action={t("cluster.leave")} onCancel={() => setLeaving(null)} onConfirm={() => void leave(leaving)}>
          <p>{t(leaving.self ? "cluster.leaveSelfText" : "cluster.leaveText", { node: leaving.address })}</p>
        </Confirm>
      )}
    </section>
  );
}

function num(value: number | null, l: Locale): string {
  return value == null ? "—" : count(value, l);
}
