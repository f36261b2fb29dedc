import { useState } from "preact/hooks";
import type { ChatSummary, InviteAnswer } from "../../shared/protocol";
import { hubCall, locale, t } from "../store";
import { copyText } from "./MessageItem";

/** Invite links open the messenger at `/invite?code=…` (a code holds a dot, which the server's page fallback takes for a file name in a path). */
export function inviteLink(invite: string): string {
  return `${location.origin}/invite?code=${encodeURIComponent(invite)}`;
}

/** Why an invite no longer works, or its limits: the server answers `get_invite` with expired and used-up invites too. */
export function inviteState(answer: InviteAnswer, now = Date.now()): string | null {
  const expires = answer.expiresAt ? new Date(answer.expiresAt) : null;
  if (expires && expires.getTime() <= now) return t("invite.expired");
  if (answer.maxUses != null && (answer.uses ?? 0) >= answer.maxUses) return t("invite.usedUp", { n: answer.maxUses });
  const parts = [];
  if (expires) parts.push(t("invite.until", { when: expires.toLocaleString(locale.value, { dateStyle: "medium", timeStyle: "short" }) }));
  if (answer.maxUses != null) parts.push(t("invite.uses", { uses: answer.uses ?? 0, n: answer.maxUses }));
  return parts.length ? parts.join(" · ") : null;
}

const EXPIRY = [["", "invite.never"], ["3600", "invite.hour"], ["86400", "invite.day"], ["604800", "invite.week"]] as const;

/** The owner's and admins' invite link: show, copy (also on plain HTTP), replace with limits, revoke. */
export function InviteSection({ chat, run }: { chat: ChatSummary; run: (call: () => Promise<unknown>) => Promise<void> }) {
  const [invite, setInvite] = useState<InviteAnswer | null | undefined>(undefined);
  const [copied, setCopied] = useState(false);
  const [expiresIn, setExpiresIn] = useState("");
  const [maxUses, setMaxUses] = useState("");

  const show = (answer: InviteAnswer) => {
    setInvite(answer.invite ? answer : null);
    setCopied(false);
  };
  const get = (regenerate = false) => run(async () => {
    const limits = regenerate ? { regenerate, ...(expiresIn ? { expiresIn: Number(expiresIn) } : {}), ...(maxUses ? { maxUses: Number(maxUses) } : {}) } : {};
    show(await hubCall().invoke("get_invite", { chatId: chat.chatId, ...limits }));
  });
  const revoke = () => run(async () => show(await hubCall().invoke("revoke_invite", { chatId: chat.chatId })));

  const link = invite?.invite ? inviteLink(invite.invite) : null;
  const state = invite ? inviteState(invite) : null;
  return (
    <section>
      <h3 class="section-title">{t("info.invite")}</h3>
      {link ? (
        <>
          <div class="invite">
            <input readOnly value={link} aria-label={t("info.invite")} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => { copyText(link); setCopied(true); }}>{copied ? t("info.copied") : t("info.copy")}</button>
          </div>
          {state && <p class="muted" data-testid="invite-state">{state}</p>}
          <div class="invite-limits">
            <label>{t("invite.expiry")}
              <select value={expiresIn} onChange={(e) => setExpiresIn(e.currentTarget.value)}>
                {EXPIRY.map(([value, key]) => <option key={value} value={value}>{t(key)}</option>)}
              </select>
            </label>
            <label>{t("invite.maxUses")}
              <input type="number" min={1} max={100000} placeholder={t("invite.unlimited")} value={maxUses} onInput={(e) => setMaxUses(e.currentTarget.value)} />
            </label>
          </div>
          <div class="dialog-actions">
            <button type="button" class="small" onClick={() => void get(true)}>{t("info.newInvite")}</button>
            <button type="button" class="small danger" onClick={() => void revoke()}>{t("info.revokeInvite")}</button>
          </div>
        </>
      ) : (
        <>
          {invite === null && <p class="muted">{t("info.noInvite")}</p>}
          <button type="button" onClick={() => void get()}>{t("info.getInvite")}</button>
        </>
      )}
    </section>
  );
}
