import { useEffect, useState } from "preact/hooks";
import type { AdminUser, UsersPage } from "../contracts";
import { count, when } from "../format";
import { api, changes, errorText, guarded, locale, session, t } from "../store";
import { Confirm } from "./Confirm";

const PAGE = 20;

/** Accounts: search, pages, block / unblock (the gentle option, first), the admin role, delete after a confirmation. */
export function Users() {
  const [query, setQuery] = useState("");
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<UsersPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AdminUser | null>(null);
  const me = session.value?.user.id;
  const l = locale.value;

  const load = () =>
    guarded(() => api.users(query, offset, PAGE))
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((e) => setError(errorText(e)));

  useEffect(() => {
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [query, offset, changes.value]);

  const act = async (call: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await guarded(call);
      setStatus(done);
      changes.value++;
    } catch (e) {
      setError(errorText(e));
    }
  };

  const total = page?.total ?? 0;
  return (
    <section id="users" class="card" aria-labelledby="users-title">
      <div class="section-head">
        <h2 id="users-title">{t("section.users")}</h2>
        <input
          type="search"
          class="search"
          value={query}
          aria-label={t("users.search")}
          placeholder={t("users.search")}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setOffset(0);
          }}
        />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="sr-only" role="status">{status}</p>
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">{t("section.users")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.user")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.state")}</th>
              <th scope="col">{t("users.lastSeen")}</th>
              <th scope="col">{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {page?.users.map((u) => (
              <tr key={u.id} data-user={u.username}>
                <td>
                  <strong>{u.username}</strong>
                  <div class="muted small">{u.fullName} · #{u.id}</div>
                </td>
                <td>{u.role === "admin" ? t("users.roleAdmin") : t("users.roleUser")}</td>
                <td>
                  {u.blocked ? <span class="tag bad">{t("users.blocked")}</span> : u.online ? <span class="tag good">{t("users.online")}</span> : <span class="muted">{t("users.offline")}</span>}
                </td>
                <td class="small">{u.online ? t("users.now") : when(u.last_seen, l)}</td>
                <td>
                  <div class="row-actions">
                    {u.id === me ? (
                      <span class="muted small">{t("users.you")}</span>
                    ) : (
                      <>
                        <button
                          type="button"
                          class="small"
                          aria-label={t(u.blocked ? "users.unblockName" : "users.blockName", { name: u.username })}
                          onClick={() => void act(() => api.block(u.id, !u.blocked), t(u.blocked ? "users.unblocked" : "users.blockedDone", { name: u.username }))}
                        >
                          {t(u.blocked ? "users.unblock" : "users.block")}
                        </button>
                        <button
                          type="button"
                          class="small"
                          aria-label={t(u.role === "admin" ? "users.demoteName" : "users.promoteName", { name: u.username })}
                          onClick={() => void act(() => api.setRole(u.id, u.role === "admin" ? "user" : "admin"), t("users.roleChanged", { name: u.username }))}
                        >
                          {t(u.role === "admin" ? "users.demote" : "users.promote")}
                        </button>
                        <button type="button" class="small danger" aria-label={t("users.deleteName", { name: u.username })} onClick={() => setDeleting(u)}>
                          {t("users.delete")}
                        </button>
                      </>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <span class="muted" data-testid="users-range">
          {total === 0 ? t("users.none") : t("users.range", { from: offset + 1, to: Math.min(offset + PAGE, total), n: total, total: count(total, l) })}
        </span>
        <button type="button" class="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t("users.previous")}</button>
        <button type="button" class="small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>{t("users.next")}</button>
      </div>
      {deleting && (
        <Confirm
          title={t("users.deleteTitle", { name: deleting.username })}
          action={t("users.delete")}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const u = deleting;
            setDeleting(null);
            void act(() => api.deleteUser(u.id), t("users.deleted", { name: u.username }));
          }}
        >
          <p>{t("users.deleteText")}</p>
        </Confirm>
      )}
    </section>
  );
}
