import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Chat, ChatSummary, Message, PublicUser } from "../../shared/protocol";
import {
  api, chatList, chatTitle, connection, currentChatId, draftOf, joinChat, me, muted, online, openChat, openDirect, rememberUsers, reveal, serverStopping, showError, t, updateNotice, userName, users,
} from "../store";
import { Avatar, avatarText } from "./Avatar";
import { shortWhen } from "./format";
import { previewText, senderPrefix } from "./preview";

export type Panel = "profile" | "group" | "channel" | null;

export function Sidebar({ onPanel }: { onPanel: (p: Panel) => void }) {
  const query = useSignal("");
  const found = useSignal<{ users: PublicUser[]; channels: Chat[]; messages: Message[] } | null>(null);

  useEffect(() => {
    const q = query.value.trim();
    if (!q) {
      found.value = null;
      return;
    }
    const timer = setTimeout(async () => {
      try {
        const [u, c, m] = await Promise.all([api.searchUsers(q), api.searchChannels(q), api.searchMessages(q)]);
        rememberUsers(u.users);
        if (query.value.trim() === q) found.value = { users: u.users, channels: c.channels, messages: m.messages };
      } catch (e) {
        showError(e);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [query.value]);

  const clear = () => (query.value = "");
  const self = me.value!;
  const state = connection.value;

  return (
    <aside class="sidebar" aria-label={t("list.chats")}>
      <header class="side-head">
        <button type="button" class="icon-btn" aria-label={profileLabel(self.fullName, users.value.get(self.id)?.avatar)} onClick={() => onPanel("profile")}>
          <Avatar name={self.fullName} seed={String(self.id)} emoji={users.value.get(self.id)?.avatar} size={32} />
        </button>
        <div class="side-title">
          <strong>{t("app.name")}</strong>
          <span class={`conn conn-${state}`} role="status" data-state={state}>{t(`conn.${state === "stopped" ? "offline" : state}`)}</span>
        </div>
        <button type="button" class="icon-btn" aria-label={t("list.newGroup")} title={t("list.newGroup")} onClick={() => onPanel("group")}>👥</button>
        <button type="button" class="icon-btn" aria-label={t("list.newChannel")} title={t("list.newChannel")} onClick={() => onPanel("channel")}>📢</button>
      </header>
      {serverStopping.value && <div class="update-notice" role="status">{t(`server.${serverStopping.value}`)}</div>}
      {updateNotice.value && (
        <div class={updateNotice.value.mandatory ? "update-notice mandatory" : "update-notice"} role="status">
          {t(updateNotice.value.mandatory ? "update.mandatory" : "update.available", { version: updateNotice.value.version })}
          {updateNotice.value.changelog && <span class="muted"> {updateNotice.value.changelog}</span>}
          {updateNotice.value.download_url && <> <a href={updateNotice.value.download_url}>{t("update.download")}</a></>}
        </div>
      )}
      <div class="side-search">
        <input type="search" aria-label={t("list.search")} placeholder={t("list.search")} value={query.value} onInput={(e) => (query.value = e.currentTarget.value)} />
      </div>
      {found.value ? (
        <div class="results">
          <Section title={t("list.people")} empty={found.value.users.length === 0}>
            {found.value.users.map((u) => (
              <li key={`u${u.id}`}>
                <button type="button" class="row" onClick={() => { clear(); void openDirect(u.id); }}>
                  <Avatar name={u.fullName} seed={String(u.id)} emoji={u.avatar} online={online.value.has(u.id)} />
                  <span class="row-main"><span class="row-title">{u.id === self.id ? t("list.saved") : u.fullName}</span><span class="row-sub">@{u.username}</span></span>
                </button>
              </li>
            ))}
          </Section>
          <Section title={t("list.channels")} empty={found.value.channels.length === 0}>
            {found.value.channels.map((c) => (
              <li key={c.chatId}>
                <button type="button" class="row" onClick={async () => { clear(); try { await joinChatOrOpen(c); } catch (e) { showError(e); } }}>
                  <Avatar name={c.title ?? ""} seed={c.chatId} emoji={c.icon} />
                  <span class="row-main"><span class="row-title">{c.title}</span><span class="row-sub">{t("chat.subscribers", { n: c.memberCount })}</span></span>
                </button>
              </li>
            ))}
          </Section>
          <Section title={t("list.messages")} empty={found.value.messages.length === 0}>
            {found.value.messages.map((m) => (
              <li key={m.id}>
                <button type="button" class="row" onClick={async () => { clear(); await openChat(m.chatId); await reveal(m.chatId, m.seq); highlight(m.seq); }}>
                  <span class="row-main"><span class="row-title">{userName(m.senderId)}</span><span class="row-sub">{m.text}</span></span>
                </button>
              </li>
            ))}
          </Section>
        </div>
      ) : (
        <ChatItems />
      )}
    </aside>
  );
}

async function joinChatOrOpen(c: Chat): Promise<void> {
  if (chatList.value.some((x) => x.chatId === c.chatId)) return openChat(c.chatId);
  return joinChat({ chatId: c.chatId });
}

export function highlight(seq: number): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.classList.add("flash");
    setTimeout(() => el.classList.remove("flash"), 1600);
  });
}

/** The button shows the user's avatar: its initials, if that is what it shows, lead the button's name (say what you see). */
function profileLabel(fullName: string, emoji?: string | null): string {
  const shown = avatarText(fullName, emoji);
  return shown ? `${shown} · ${t("profile.title")}` : t("profile.title");
}

function Section({ title, empty, children }: { title: string; empty: boolean; children: preact.ComponentChildren }) {
  return (
    <section>
      <h3 class="section-title">{title}</h3>
      {empty ? <p class="muted pad">{t("list.noResults")}</p> : <ul class="rows">{children}</ul>}
    </section>
  );
}

function ChatItems() {
  const list = chatList.value;
  if (list.length === 0) return <p class="muted pad">{t("list.empty")}</p>;
  return (
    <nav aria-label={t("list.chats")}>
      <ul class="rows chat-list">
        {list.map((c) => <ChatItem key={c.chatId} c={c} />)}
      </ul>
    </nav>
  );
}

function ChatItem({ c }: { c: ChatSummary }) {
  const title = chatTitle(c);
  const active = currentChatId.value === c.chatId;
  const peerOnline = c.kind === "direct" && c.peerId != null && c.peerId !== me.value?.id && online.value.has(c.peerId);
  const draft = !active ? draftOf(c.chatId) : "";
  const last = c.lastMessage;
  return (
    <li>
      <button type="button" class={active ? "row active" : "row"} aria-current={active ? "true" : undefined} data-chat={c.chatId} onClick={() => void openChat(c.chatId)}>
        <Avatar name={title} seed={c.peerId != null ? String(c.peerId) : c.chatId} emoji={c.kind === "direct" ? users.value.get(c.peerId ?? -1)?.avatar : c.icon} online={peerOnline} />
        <span class="row-main">
          <span class="row-title">
            {c.kind === "channel" ? "📢 " : c.kind === "group" ? "👥 " : ""}
            {title}
            {muted.value.has(c.chatId) && <span aria-hidden="true"> 🔕</span>}
          </span>
          <span class="row-sub">
            {draft ? <><em class="draft">{t("list.draft")}:</em> {draft}</> : last ? `${senderPrefix(last, c.kind !== "direct")}${previewText(last)}` : ""}
          </span>
        </span>
        <span class="row-meta">
          {last && <time class="row-time">{shortWhen(last.createdAt)}</time>}
          {c.unreadCount > 0 && <span class="badge" aria-label={t("list.unread", { n: c.unreadCount })}>{c.unreadCount}</span>}
        </span>
      </button>
    </li>
  );
}
