import { lazy, Suspense } from "preact/compat";
import { useState } from "preact/hooks";
import type { ChatSummary, Message } from "../../shared/protocol";
import { api, me, react, t, userName } from "../store";
import { fileSize, timeOf } from "./format";
import { previewText, systemText } from "./preview";
import { canDelete, canEdit, canPin } from "./rights";

const EmojiPicker = lazy(() => import("./EmojiPicker"));
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

export interface MessageActions {
  reply(m: Message): void;
  edit(m: Message): void;
  remove(m: Message): void;
  forward(m: Message): void;
  pin(m: Message, pin: boolean): void;
  jump(seq: number): void;
  view(m: Message): void;
  jumpToLatest(): Promise<void>;
}

export function MessageItem({ m, chat, original, showName, pinned, actions }: {
  m: Message; chat: ChatSummary; original?: Message; showName: boolean; pinned: boolean; actions: MessageActions;
}) {
  const [menu, setMenu] = useState(false);
  const [picker, setPicker] = useState(false);
  const self = me.value!.id;
  if (m.type === "system") {
    return <div class="msg-system" data-seq={m.seq} role="article">{systemText(m)}</div>;
  }
  const mine = m.senderId === self;
  const readBy = (chat.othersReadSeq ?? 0) >= m.seq;
  const close = () => { setMenu(false); setPicker(false); };
  const doReact = (emoji: string) => { close(); void react(chat.chatId, m.seq, emoji); };

  return (
    <div class={`msg ${mine ? "mine" : "theirs"}${m.deleted ? " deleted" : ""}`} data-seq={m.seq} role="article" aria-label={`${userName(m.senderId)}, ${timeOf(m.createdAt)}`}>
      <div class="bubble">
        {showName && !mine && chat.kind !== "direct" && <div class="sender">{userName(m.senderId)}</div>}
        {m.forward && <div class="forwarded">{t("msg.forwarded", { name: userName(m.forward.originalSenderId) })}</div>}
        {m.replyTo != null && (
          <button type="button" class="quote" onClick={() => actions.jump(m.replyTo!)}>
            <strong>{original ? userName(original.senderId) : "…"}</strong>
            <span>{original ? previewText(original) : `#${m.replyTo}`}</span>
          </button>
        )}
        {m.deleted ? <em class="muted">{t("msg.deleted")}</em> : <Body m={m} actions={actions} />}
        <div class="meta">
          {pinned && <span aria-label={t("pins.title")}>📌</span>}
          {m.edited && !m.deleted && <span class="edited">{t("msg.edited")}</span>}
          <time dateTime={m.createdAt}>{timeOf(m.createdAt)}</time>
          {mine && <span class={readBy ? "tick read" : "tick"} aria-label={readBy ? t("msg.read") : t("msg.sent")} title={readBy ? t("msg.read") : t("msg.sent")}>{readBy ? "✓✓" : "✓"}</span>}
        </div>
      </div>
      {m.reactions && Object.keys(m.reactions).length > 0 && (
        <div class="reactions">
          {Object.entries(m.reactions).map(([emoji, ids]) => (
            <button type="button" key={emoji} class={ids.includes(self) ? "reaction own" : "reaction"} aria-pressed={ids.includes(self)}
              title={ids.map((id) => userName(id)).join(", ")} aria-label={t("msg.reactedBy", { emoji, names: ids.map((id) => userName(id)).join(", ") })}
              onClick={() => void react(chat.chatId, m.seq, emoji)}>
              {emoji} <span>{ids.length}</span>
            </button>
          ))}
        </div>
      )}
      {!m.deleted && (
        <button type="button" class="msg-more icon-btn" aria-label={t("msg.more")} aria-expanded={menu} onClick={() => setMenu(!menu)}>⋯</button>
      )}
      {menu && (
        <div class="msg-menu" role="menu" onKeyDown={(e) => e.key === "Escape" && close()}>
          <div class="quick" role="group" aria-label={t("msg.react")}>
            {QUICK_REACTIONS.map((e) => <button type="button" role="menuitem" key={e} aria-label={`${t("msg.react")} ${e}`} onClick={() => doReact(e)}>{e}</button>)}
            <button type="button" role="menuitem" aria-label={t("msg.moreEmoji")} onClick={() => setPicker(!picker)}>＋</button>
          </div>
          {picker && <Suspense fallback={<div class="muted pad">{t("chat.loading")}</div>}><EmojiPicker label={t("msg.moreEmoji")} onPick={doReact} /></Suspense>}
          <button type="button" role="menuitem" onClick={() => { close(); actions.reply(m); }}>{t("msg.reply")}</button>
          {canEdit(m, self) && <button type="button" role="menuitem" onClick={() => { close(); actions.edit(m); }}>{t("msg.edit")}</button>}
          <button type="button" role="menuitem" onClick={() => { close(); actions.forward(m); }}>{t("msg.forward")}</button>
          {canPin(chat) && <button type="button" role="menuitem" onClick={() => { close(); actions.pin(m, !pinned); }}>{pinned ? t("msg.unpin") : t("msg.pin")}</button>}
          {m.text && <button type="button" role="menuitem" onClick={() => { close(); copyText(m.text); }}>{t("msg.copy")}</button>}
          {canDelete(chat, m, self) && <button type="button" role="menuitem" class="danger" onClick={() => { close(); actions.remove(m); }}>{t("msg.delete")}</button>}
        </div>
      )}
    </div>
  );
}

function Body({ m, actions }: { m: Message; actions: MessageActions }) {
  const a = m.attachment;
  return (
    <>
      {a && m.type === "image" && (
        <button type="button" class="image-btn" aria-label={t("msg.openImage", { name: a.name })} onClick={() => actions.view(m)}>
          <img src={api.fileUrl(a.id)} alt={a.name} loading="lazy" />
        </button>
      )}
      {a && m.type !== "image" && (
        <a class="file" href={api.fileUrl(a.id)} download={a.name} aria-label={t("msg.download", { name: a.name })}>
          <span aria-hidden="true">📎</span> <span class="file-name">{a.name}</span> <span class="muted">{fileSize(a.size)}</span>
        </a>
      )}
      {m.text && <div class="text">{m.text}</div>}
    </>
  );
}

/** The async clipboard exists only in secure contexts; a hidden textarea works on plain HTTP too. */
export function copyText(text: string): void {
  const clip = (globalThis.navigator as Navigator | undefined)?.clipboard;
  if (clip && globalThis.isSecureContext) {
    void clip.writeText(text).catch(() => legacyCopy(text));
    return;
  }
  legacyCopy(text);
}

function legacyCopy(text: string): void {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    document.execCommand("copy");
  } finally {
    area.remove();
  }
}
