import { useSignal } from "@preact/signals";
import { useState } from "preact/hooks";
import type { ChatSummary, Message } from "../../shared/protocol";
import { emptyWindow } from "../logic/window";
import {
  api, blocked, chatTitle, currentChatId, deleteMessage, loadLatest, me, muted, online, outboxEntries, pinMessage, pins,
  reveal, send, setBlocked, showError, t, toast, toggleMute, typing, userName, users, windows,
} from "../store";
import { Avatar } from "./Avatar";
import { Composer, type ComposerMode } from "./Composer";
import { ConfirmDialog, ForwardDialog, ImageViewer } from "./Dialogs";
import { ago, fileSize } from "./format";
import { MessageList } from "./MessageList";
import type { MessageActions } from "./MessageItem";
import { previewText } from "./preview";
import { blocksPeer, canPost, peerOf } from "./rights";
import { highlight } from "./Sidebar";

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

interface Upload {
  id: number;
  name: string;
  progress: number;
  abort: () => void;
}

export function maxUploadBytes(): number {
  return (globalThis as { SERVER_CONFIG?: { maxUploadBytes?: number } }).SERVER_CONFIG?.maxUploadBytes ?? 20 * 1024 * 1024;
}

export function ChatView({ chat, onInfo }: { chat: ChatSummary; onInfo: () => void }) {
  const w = windows.value.get(chat.chatId) ?? emptyWindow;
  const [mode, setMode] = useState<ComposerMode>({ replyTo: null, editing: null });
  const [confirm, setConfirm] = useState<Message | null>(null);
  const [forward, setForward] = useState<Message | null>(null);
  const [viewing, setViewing] = useState<Message | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploads = useSignal<Upload[]>([]);
  const pending = outboxEntries.value.filter((e) => e.chatId === chat.chatId);
  const self = me.value!.id;

  const actions: MessageActions = {
    reply: (m) => setMode({ replyTo: m, editing: null }),
    edit: (m) => setMode({ replyTo: null, editing: m }),
    remove: (m) => setConfirm(m),
    forward: (m) => setForward(m),
    pin: (m, pin) => void pinMessage(chat.chatId, m.seq, pin),
    jump: async (seq) => {
      try {
        await reveal(chat.chatId, seq);
        highlight(seq);
      } catch (e) {
        showError(e);
      }
    },
    view: (m) => setViewing(m),
    jumpToLatest: () => loadLatest(chat.chatId),
  };

  const uploadFiles = (files: File[]) => {
    const limit = maxUploadBytes();
    for (const file of files) {
      if (file.size > limit) {
        toast.value = t("upload.tooLarge", { name: file.name, size: fileSize(limit) });
        continue;
      }
      const id = Math.random();
      const task = api.upload(chat.chatId, file, (p) => (uploads.value = uploads.value.map((u) => (u.id === id ? { ...u, progress: p } : u))));
      uploads.value = [...uploads.value, { id, name: file.name, progress: 0, abort: task.abort }];
      task.done
        .then((answer) => send(chat.chatId, "", null, { fileId: answer.fileId, type: IMAGE_TYPES.includes(answer.contentType) ? "image" : "file" }))
        .catch((e) => {
          if (!(e && e.code === "aborted")) showError(e);
        })
        .finally(() => (uploads.value = uploads.value.filter((u) => u.id !== id)));
    }
  };

  const onPaste = (e: ClipboardEvent) => {
    const files = Array.from(e.clipboardData?.files ?? []);
    if (files.length) {
      e.preventDefault();
      uploadFiles(files);
    }
  };

  const lastOwn = () => {
    for (let i = w.messages.length - 1; i >= 0; i--) {
      const m = w.messages[i]!;
      if (m.senderId === self && m.type === "text" && !m.deleted) return m;
    }
    return null;
  };

  const blocking = blocksPeer(chat, self, blocked.value);
  const writable = canPost(chat) && !blocking;
  return (
    <section
      class={dragging ? "chat dragging" : "chat"}
      aria-label={chatTitle(chat)}
      onPaste={onPaste}
      onDragOver={(e) => { if (writable && e.dataTransfer?.types.includes("Files")) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDrop={(e) => { e.preventDefault(); setDragging(false); if (writable) uploadFiles(Array.from(e.dataTransfer?.files ?? [])); }}
    >
      <ChatHeader chat={chat} onInfo={onInfo} />
      <PinnedBar chat={chat} jump={actions.jump} />
      <MessageList chat={chat} w={w} pending={pending} actions={actions} />
      <TypingLine chat={chat} />
      {uploads.value.length > 0 && (
        <ul class="uploads" aria-label={t("composer.attach")}>
          {uploads.value.map((u) => (
            <li key={u.id}>
              <span class="one-line">{t("upload.progress", { name: u.name })}</span>
              <progress max={1} value={u.progress} aria-label={t("upload.progress", { name: u.name })} />
              <button type="button" class="icon-btn" aria-label={t("upload.cancel")} onClick={u.abort}>✕</button>
            </li>
          ))}
        </ul>
      )}
      {writable ? (
        <Composer key={chat.chatId} chat={chat} mode={mode} setMode={setMode} lastOwn={lastOwn} onFiles={uploadFiles} limit={fileSize(maxUploadBytes())} />
      ) : blocking ? (
        <div class="readonly muted">
          {t("chat.youBlocked")}{" "}
          <button type="button" class="small" onClick={() => void setBlocked(chat.peerId!, false).catch(showError)}>{t("info.unblock")}</button>
        </div>
      ) : (
        <div class="readonly muted">{t("chat.readOnly")}</div>
      )}
      {dragging && <div class="drop-zone" aria-hidden="true">{t("upload.drop")}</div>}
      {confirm && (
        <ConfirmDialog text={t("msg.confirmDelete")} action={t("msg.delete")} onCancel={() => setConfirm(null)}
          onConfirm={() => { const m = confirm; setConfirm(null); void deleteMessage(chat.chatId, m.seq); }} />
      )}
      {forward && <ForwardDialog message={forward} onClose={() => setForward(null)} />}
      {viewing && <ImageViewer message={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}

function ChatHeader({ chat, onInfo }: { chat: ChatSummary; onInfo: () => void }) {
  const title = chatTitle(chat);
  const peer = chat.kind === "direct" && chat.peerId != null && chat.peerId !== me.value?.id ? users.value.get(chat.peerId) : undefined;
  let status = "";
  if (chat.kind === "channel") status = t("chat.subscribers", { n: chat.memberCount });
  else if (chat.kind === "group") status = t("chat.members", { n: chat.memberCount });
  else if (peer) status = online.value.has(peer.id) ? t("chat.online") : ago(peer.lastSeen);
  return (
    <header class="chat-head">
      <button type="button" class="icon-btn back" aria-label={t("chat.back")} onClick={() => (currentChatId.value = null)}>←</button>
      <Avatar name={title} seed={chat.peerId != null ? String(chat.peerId) : chat.chatId} emoji={peer ? peer.avatar : chat.icon} online={peer ? online.value.has(peer.id) : false} />
      <div class="chat-head-main">
        <h2 class="one-line">{title}</h2>
        <span class="muted one-line" data-testid="chat-status">{status}</span>
      </div>
      <button type="button" class="icon-btn" aria-label={muted.value.has(chat.chatId) ? t("chat.unmute") : t("chat.mute")} aria-pressed={muted.value.has(chat.chatId)} onClick={() => toggleMute(chat.chatId)}>
        {muted.value.has(chat.chatId) ? "🔕" : "🔔"}
      </button>
      {(chat.kind !== "direct" || peerOf(chat, me.value?.id ?? 0) != null) && <button type="button" class="icon-btn" aria-label={t("chat.info")} onClick={onInfo}>ℹ️</button>}
    </header>
  );
}

function PinnedBar({ chat, jump }: { chat: ChatSummary; jump: (seq: number) => void }) {
  const list = pins.value.get(chat.chatId) ?? [];
  const [index, setIndex] = useState(0);
  if (list.length === 0) return null;
  const i = index % list.length;
  const pin = list[i]!;
  const m = windows.value.get(chat.chatId)?.messages.find((x) => x.seq === pin.seq);
  return (
    <div class="pinned-bar" role="region" aria-label={t("pins.title")}>
      <button type="button" class="pinned-main" onClick={() => jump(pin.seq)}>
        <strong>📌 {list.length > 1 ? t("pins.count", { i: i + 1, n: list.length }) : t("pins.title")}</strong>
        <span class="one-line">{m ? previewText(m) : `#${pin.seq}`}</span>
      </button>
      {list.length > 1 && <button type="button" class="icon-btn" aria-label={t("pins.next")} onClick={() => setIndex(i + 1)}>⇅</button>}
    </div>
  );
}

function TypingLine({ chat }: { chat: ChatSummary }) {
  const who = Array.from(typing.value.get(chat.chatId)?.keys() ?? []).filter((id) => id !== me.value?.id);
  return (
    <div class="typing muted" aria-live="polite">
      {who.length === 1 ? t("chat.typing", { name: userName(who[0]) }) : who.length > 1 ? t("chat.typingMany", { n: who.length }) : ""}
    </div>
  );
}
