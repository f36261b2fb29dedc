import { useState } from "preact/hooks";
import type { UserId } from "../../shared/protocol";
import { blocked, errorText, online, setBlocked, t, userName, users } from "../store";
import { Avatar } from "./Avatar";
import { ConfirmDialog } from "./Dialogs";
import { ago } from "./format";

/** A direct chat's other member: who they are, and Block / Unblock. */
export function PeerInfo({ peer, onClose }: { peer: UserId; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const user = users.value.get(peer);
  const name = userName(peer);
  const isBlocked = blocked.value.has(peer);
  const change = (on: boolean) => {
    setError(null);
    void setBlocked(peer, on).catch((e) => setError(errorText(e)));
  };
  return (
    <aside class="info" aria-label={t("info.title")} onKeyDown={(e) => { if (e.key === "Escape") onClose(); }}>
      <header class="info-head">
        <h2>{t("info.title")}</h2>
        <button type="button" class="icon-btn" aria-label={t("info.close")} onClick={onClose}>✕</button>
      </header>
      <div class="info-body">
        <div class="info-card">
          <Avatar name={name} seed={String(peer)} emoji={user?.avatar} online={online.value.has(peer)} size={64} />
          <h3>{name}</h3>
          {user && <p class="muted">@{user.username} · {online.value.has(peer) ? t("chat.online") : ago(user.lastSeen)}</p>}
          {user?.bio && <p>{user.bio}</p>}
        </div>
        {error && <p class="error" role="alert">{error}</p>}
        {isBlocked && <p class="muted" data-testid="peer-blocked">{t("chat.youBlocked")}</p>}
        {isBlocked
          ? <button type="button" onClick={() => change(false)}>{t("info.unblock")}</button>
          : <button type="button" class="danger" onClick={() => setConfirming(true)}>{t("info.block")}</button>}
      </div>
      {confirming && (
        <ConfirmDialog text={t("info.confirmBlock", { name })} action={t("info.block")} onCancel={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); change(true); }} />
      )}
    </aside>
  );
}
