import { useEffect, useState } from "preact/hooks";
import type { ChatSummary, MemberEntry, UserId } from "../../shared/protocol";
import { adoptInfo, api, chatTitle, errorText, hubCall, leaveChat, me, online, t, userName, users } from "../store";
import { Avatar } from "./Avatar";
import { ConfirmDialog, UserPicker } from "./Dialogs";
import { InviteSection } from "./InviteSection";
import { canManage } from "./rights";
import { appendMembers } from "../logic/members";

/** A group's or channel's members, roles, invite link and the actions the user's role allows. */
export function InfoPanel({ chat, onClose }: { chat: ChatSummary; onClose: () => void }) {
  // A large channel's members come in pages: the details carry the first, "show more" reads the next.
  const [members, setMembers] = useState<MemberEntry[]>([]);
  const [moreMembers, setMoreMembers] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState<UserId[] | null>(null);
  const [leaving, setLeaving] = useState(false);
  const self = me.value!.id;
  const manage = canManage(chat);

  const reload = () => api.chat(chat.chatId).then((d) => {
    setMembers(d.members);
    setMoreMembers(d.moreMembers);
  }).catch((e) => setError(errorText(e)));
  const showMore = () => api.members(chat.chatId, members.length).then((page) => {
    setMembers(appendMembers(members, page.members));
    setMoreMembers(page.hasMore);
  }).catch((e) => setError(errorText(e)));
  useEffect(() => { void reload(); }, [chat.chatId, chat.memberCount, chat.lastSeq]);

  const run = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      await reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const rank = (m: MemberEntry) => (m.role === "owner" ? 0 : m.role === "admin" ? 1 : 2);
  return (
    <aside class="info" aria-label={t("info.title")} onKeyDown={(e) => { if (e.key === "Escape") onClose(); }}>
      <header class="info-head">
        <h2>{t("info.title")}</h2>
        <button type="button" class="icon-btn" aria-label={t("info.close")} onClick={onClose}>✕</button>
      </header>
      <div class="info-body">
        <div class="info-card">
          <Avatar name={chatTitle(chat)} seed={chat.chatId} emoji={chat.icon} size={64} />
          <h3>{chatTitle(chat)}</h3>
          <p class="muted">{chat.kind === "channel" ? t("chat.subscribers", { n: chat.memberCount }) : t("chat.members", { n: chat.memberCount })}
            {chat.kind === "channel" && ` · ${chat.isPublic ? t("info.public") : t("info.private")}`}</p>
          {chat.description && <p>{chat.description}</p>}
        </div>
        {error && <p class="error" role="alert">{error}</p>}
        {manage && <EditInfo chat={chat} run={run} />}
        {manage && <InviteSection chat={chat} run={run} />}
        {manage && (
          <section>
            {adding ? (
              <div>
                <UserPicker selected={adding} onChange={setAdding} exclude={members.map((m) => m.userId)} />
                <div class="dialog-actions">
                  <button type="button" onClick={() => setAdding(null)}>{t("dialog.cancel")}</button>
                  <button type="button" class="primary" disabled={adding.length === 0}
                    onClick={() => void run(async () => { await hubCall().invoke("add_members", { chatId: chat.chatId, userIds: adding }); setAdding(null); })}>{t("info.add")}</button>
                </div>
              </div>
            ) : (
              <button type="button" onClick={() => setAdding([])}>{t("info.addMembers")}</button>
            )}
          </section>
        )}
        {members.length > 0 && (
          <section>
            <h3 class="section-title">{t("info.members")}</h3>
            <ul class="rows members">
              {members.slice().sort((a, b) => rank(a) - rank(b)).map((m) => (
                <li key={m.userId} class="row">
                  <Avatar name={userName(m.userId)} seed={String(m.userId)} emoji={users.value.get(m.userId)?.avatar} online={online.value.has(m.userId)} size={32} />
                  <span class="row-main"><span class="row-title">{userName(m.userId)}</span><span class="row-sub">{t(`role.${m.role}`)}</span></span>
                  {chat.myRole === "owner" && m.userId !== self && m.role !== "owner" && (
                    <button type="button" class="small" aria-label={`${m.role === "admin" ? t("info.removeAdmin") : t("info.makeAdmin")} ${userName(m.userId)}`}
                      onClick={() => void run(() => hubCall().invoke("set_role", { chatId: chat.chatId, userId: m.userId, role: m.role === "admin" ? "member" : "admin" }))}>
                      {m.role === "admin" ? t("info.removeAdmin") : t("info.makeAdmin")}
                    </button>
                  )}
                  {manage && m.userId !== self && m.role !== "owner" && (chat.myRole === "owner" || m.role === "member") && (
                    <button type="button" class="small danger" aria-label={`${t("info.remove")} ${userName(m.userId)}`}
                      onClick={() => void run(() => hubCall().invoke("remove_member", { chatId: chat.chatId, userId: m.userId }))}>{t("info.remove")}</button>
                  )}
                </li>
              ))}
            </ul>
            {moreMembers && <button type="button" onClick={() => void showMore()}>{t("info.moreMembers")}</button>}
          </section>
        )}
        <button type="button" class="danger" onClick={() => setLeaving(true)}>{t("info.leave")}</button>
      </div>
      {leaving && (
        <ConfirmDialog text={t("info.confirmLeave")} action={t("info.leave")} onCancel={() => setLeaving(false)}
          onConfirm={() => { setLeaving(false); onClose(); void leaveChat(chat.chatId).catch((e) => setError(errorText(e))); }} />
      )}
    </aside>
  );
}

/** Name, description and icon, for the owner and admins (`update_chat`); every member sees the change as a system message. */
function EditInfo({ chat, run }: { chat: ChatSummary; run: (call: () => Promise<unknown>) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(chat.title ?? "");
  const [description, setDescription] = useState(chat.description ?? "");
  const [icon, setIcon] = useState(chat.icon ?? "");
  if (!open) {
    return (
      <section>
        <button type="button" onClick={() => { setTitle(chat.title ?? ""); setDescription(chat.description ?? ""); setIcon(chat.icon ?? ""); setOpen(true); }}>{t("info.edit")}</button>
      </section>
    );
  }
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      adoptInfo(await hubCall().invoke("update_chat", { chatId: chat.chatId, title: title.trim(), description: description.trim(), icon: icon.trim() }));
      setOpen(false);
    });
  };
  return (
    <section>
      <form class="form" onSubmit={save} aria-label={t("info.edit")}>
        <label>{chat.kind === "channel" ? t("channel.name") : t("group.title")}<input required maxLength={128} value={title} onInput={(e) => setTitle(e.currentTarget.value)} /></label>
        <label>{t("info.description")}<textarea maxLength={1000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} /></label>
        <label>{t("info.icon")}<input maxLength={16} value={icon} onInput={(e) => setIcon(e.currentTarget.value)} /></label>
        <div class="dialog-actions">
          <button type="button" onClick={() => setOpen(false)}>{t("dialog.cancel")}</button>
          <button type="submit" class="primary">{t("profile.save")}</button>
        </div>
      </form>
    </section>
  );
}
