import { useEffect, useState } from "preact/hooks";
import {
  chatList, connection, currentChat, currentChatId, errorText, hiddenUnread, joinChat, locale, me, muted, onVisible, session, t, toast,
} from "../store";
import { Auth } from "./Auth";
import { ChatView } from "./ChatView";
import { NewChannelDialog, NewGroupDialog, Switcher } from "./Dialogs";
import { InfoPanel } from "./InfoPanel";
import { PeerInfo } from "./PeerInfo";
import { ProfileDialog } from "./Profile";
import { peerOf } from "./rights";
import { type Panel, Sidebar } from "./Sidebar";

/** `/invite?code={invite}` opened in the browser: joined once logged in and connected. */
function pendingInvite(): string | null {
  return location.pathname === "/invite" ? new URLSearchParams(location.search).get("code") : null;
}

export function App() {
  useEffect(() => {
    document.documentElement.lang = locale.value;
  }, [locale.value]);
  return (
    <>
      {session.value ? <Main /> : <Auth />}
      <Toast />
    </>
  );
}

/** Errors and notices, also on the login screen (e.g. why a session ended). */
function Toast() {
  useEffect(() => {
    if (!toast.value) return;
    const timer = setTimeout(() => (toast.value = null), 6000);
    return () => clearTimeout(timer);
  }, [toast.value]);
  return (
    <div class="toast-area" role="status" aria-live="assertive">
      {toast.value && (
        <div class="toast">
          <span>{toast.value}</span>
          <button type="button" class="icon-btn" aria-label={t("dialog.close")} onClick={() => (toast.value = null)}>✕</button>
        </div>
      )}
    </div>
  );
}

function Main() {
  const [panel, setPanel] = useState<Panel>(null);
  const [info, setInfo] = useState(false);
  const [switcher, setSwitcher] = useState(false);
  const [invite, setInvite] = useState(pendingInvite);
  const chat = currentChat.value;
  const peer = chat ? peerOf(chat, me.value?.id ?? 0) : null;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setSwitcher(true);
      } else if (e.key === "Escape" && !e.defaultPrevented && !document.querySelector("dialog[open]")) {
        if (info) setInfo(false);
      }
    };
    const onVisibility = () => { if (document.visibilityState === "visible") onVisible(); };
    window.addEventListener("keydown", onKey);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [info]);

  useEffect(() => {
    const unread = chatList.value.reduce((n, c) => (muted.value.has(c.chatId) ? n : n + c.unreadCount), 0);
    const hidden = hiddenUnread.value;
    document.title = hidden > 0 ? `(${hidden}) ${t("app.name")}` : unread > 0 ? `(${unread}) ${t("app.name")}` : t("app.name");
  });

  useEffect(() => {
    if (!invite || connection.value !== "connected") return;
    setInvite(null);
    history.replaceState(null, "", "/");
    void joinChat({ invite }).catch((e) => (toast.value = errorText(e)));
  }, [invite, connection.value]);

  useEffect(() => {
    if (session.value?.mustChangePassword) setPanel("profile");
  }, []);

  return (
    <div class={chat ? "layout has-chat" : "layout"}>
      <Sidebar onPanel={setPanel} />
      <main class="main">
        {chat ? <ChatView key={chat.chatId} chat={chat} onInfo={() => setInfo(!info)} /> : <div class="placeholder muted">{invite ? t("invite.joining") : t("chat.pick")}</div>}
      </main>
      {chat && info && chat.kind !== "direct" && <InfoPanel chat={chat} onClose={() => setInfo(false)} />}
      {chat && info && peer != null && <PeerInfo peer={peer} onClose={() => setInfo(false)} />}
      {panel === "profile" && <ProfileDialog onClose={() => setPanel(null)} />}
      {panel === "group" && <NewGroupDialog onClose={() => setPanel(null)} />}
      {panel === "channel" && <NewChannelDialog onClose={() => setPanel(null)} />}
      {switcher && <Switcher onClose={() => setSwitcher(false)} />}
      <span hidden data-testid="current-chat">{currentChatId.value ?? ""}</span>
    </div>
  );
}
