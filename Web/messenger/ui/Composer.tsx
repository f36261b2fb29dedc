import { lazy, Suspense } from "preact/compat";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { ChatSummary, Message } from "../../shared/protocol";
import { draftOf, editMessage, me, saveDraft, send, sendTyping, t, userName } from "../store";
import { previewText } from "./preview";

const EmojiPicker = lazy(() => import("./EmojiPicker"));

export interface ComposerMode {
  replyTo: Message | null;
  editing: Message | null;
}

/** Enter sends, Shift+Enter breaks the line, Up on an empty field edits your last message, Esc cancels. */
export function Composer({ chat, mode, setMode, lastOwn, onFiles, limit }: {
  chat: ChatSummary; mode: ComposerMode; setMode: (m: ComposerMode) => void; lastOwn: () => Message | null; onFiles: (files: File[]) => void; limit: string;
}) {
  const [text, setText] = useState(() => draftOf(chat.chatId));
  const [emoji, setEmoji] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // A layout effect runs in the same task as the render that shows "Editing message": with a plain
  // effect (after paint) a person typing fast, or a test, could type into the field first and then
  // see the old text put back over it, so Enter saw no change and sent no edit.
  useLayoutEffect(() => {
    if (mode.editing) {
      setText(mode.editing.text);
      area.current?.focus();
    } else if (mode.replyTo) area.current?.focus();
  }, [mode.editing, mode.replyTo]);

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  const update = (value: string) => {
    setText(value);
    if (!mode.editing) saveDraft(chat.chatId, value);
    if (value) sendTyping(chat.chatId);
  };

  const submit = async () => {
    const value = text.trim();
    if (mode.editing) {
      const editing = mode.editing;
      if (value && value !== editing.text && !(await editMessage(chat.chatId, editing.seq, value))) return;
      setMode({ replyTo: null, editing: null });
      setText(draftOf(chat.chatId));
      return;
    }
    if (!value) return;
    send(chat.chatId, value, mode.replyTo?.seq);
    setText("");
    saveDraft(chat.chatId, "");
    setMode({ replyTo: null, editing: null });
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === "ArrowUp" && !text && !mode.editing) {
      const last = lastOwn();
      if (last) {
        e.preventDefault();
        setMode({ replyTo: null, editing: last });
      }
    } else if (e.key === "Escape" && (mode.editing || mode.replyTo)) {
      e.preventDefault();
      e.stopPropagation();
      if (mode.editing) setText(draftOf(chat.chatId));
      setMode({ replyTo: null, editing: null });
    }
  };

  const insertEmoji = (value: string) => {
    const el = area.current;
    const at = el?.selectionStart ?? text.length;
    update(text.slice(0, at) + value + text.slice(el?.selectionEnd ?? at));
    setEmoji(false);
    el?.focus();
  };

  return (
    <div class="composer">
      {(mode.replyTo || mode.editing) && (
        <div class="composer-context">
          <div>
            <strong>{mode.editing ? t("composer.editing") : t("composer.replyTo", { name: userName(mode.replyTo!.senderId) })}</strong>
            <span class="muted one-line">{previewText((mode.editing ?? mode.replyTo)!)}</span>
          </div>
          <button type="button" class="icon-btn" aria-label={t("composer.cancel")} onClick={() => { if (mode.editing) setText(draftOf(chat.chatId)); setMode({ replyTo: null, editing: null }); }}>✕</button>
        </div>
      )}
      {emoji && <div class="composer-emoji"><Suspense fallback={<div class="muted pad">{t("chat.loading")}</div>}><EmojiPicker label={t("composer.emoji")} onPick={insertEmoji} /></Suspense></div>}
      <div class="composer-row">
        <button type="button" class="icon-btn" aria-label={`${t("composer.attach")} (${t("composer.limit", { size: limit })})`} title={`${t("composer.attach")} (${t("composer.limit", { size: limit })})`} onClick={() => fileInput.current?.click()}>📎</button>
        <input ref={fileInput} type="file" multiple hidden aria-label={t("composer.attach")} onChange={(e) => { const files = Array.from(e.currentTarget.files ?? []); e.currentTarget.value = ""; if (files.length) onFiles(files); }} />
        <textarea
          ref={area}
          rows={1}
          aria-label={t("composer.label")}
          placeholder={t("composer.placeholder")}
          value={text}
          onInput={(e) => update(e.currentTarget.value)}
          onKeyDown={onKey}
        />
        <button type="button" class="icon-btn" aria-label={t("composer.emoji")} aria-expanded={emoji} onClick={() => setEmoji(!emoji)}>😊</button>
        <button type="button" class="send-btn" aria-label={t("composer.send")} onClick={() => void submit()} disabled={!text.trim()}>➤</button>
      </div>
      <div class="hint muted" aria-hidden="true">{t("composer.hint")}</div>
    </div>
  );
}

export const isMine = (m: Message) => m.senderId === me.value?.id;
