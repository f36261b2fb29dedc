import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { ChatSummary, Message } from "../../shared/protocol";
import type { OutboxEntry } from "../logic/outbox";
import { discardSend, loadNewer, loadOlder, loadingOlder, markRead, pins, retrySend, t } from "../store";
import type { MessageWindow } from "../logic/window";
import { dayKey, dayLabel, timeOf } from "./format";
import { type MessageActions, MessageItem } from "./MessageItem";

const EDGE = 300;

/**
 * The history as an ARIA log. Paging keeps the view still: before the list changes, the first
 * visible message and its distance from the top are noted; after it renders, that message is put
 * back at the same distance. At the bottom, the list follows new messages.
 */
export function MessageList({ chat, w, pending, actions }: { chat: ChatSummary; w: MessageWindow; pending: OutboxEntry[]; actions: MessageActions }) {
  const box = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ seq: string; offset: number } | null>(null);
  const stick = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const note = () => {
    const el = box.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40 && !w.hasNewer;
    setAtBottom(stick.current);
    const items = el.querySelectorAll<HTMLElement>("[data-seq]");
    for (const item of items) {
      if (item.offsetTop + item.offsetHeight > el.scrollTop) {
        anchor.current = { seq: item.dataset.seq!, offset: item.offsetTop - el.scrollTop };
        break;
      }
    }
  };

  const onScroll = () => {
    note();
    const el = box.current!;
    if (el.scrollTop < EDGE && w.hasOlder && !loadingOlder.value) void loadOlder(chat.chatId);
    if (el.scrollHeight - el.scrollTop - el.clientHeight < EDGE && w.hasNewer) void loadNewer(chat.chatId);
    if (stick.current) void markRead(chat.chatId);
  };

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (stick.current) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const item = el.querySelector<HTMLElement>(`[data-seq="${anchor.current.seq}"]`);
      if (item) el.scrollTop = item.offsetTop - anchor.current.offset;
    }
    note();
  }, [w, pending.length]);

  const jumpToLatest = async () => {
    stick.current = true;
    if (w.hasNewer) await actions.jumpToLatest();
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
    setAtBottom(true);
    void markRead(chat.chatId);
  };

  const pinned = new Set((pins.value.get(chat.chatId) ?? []).map((p) => p.seq));
  const bySeq = new Map(w.messages.map((m) => [m.seq, m]));
  let lastDay = "";
  let lastSender = -1;
  const rows: preact.ComponentChildren[] = [];
  for (const m of w.messages) {
    const day = dayKey(m.createdAt);
    if (day !== lastDay) {
      rows.push(<div class="day" key={`d${day}`} role="separator">{dayLabel(m.createdAt)}</div>);
      lastDay = day;
      lastSender = -1;
    }
    rows.push(<MessageItem key={m.seq} m={m} chat={chat} original={m.replyTo != null ? bySeq.get(m.replyTo) : undefined}
      showName={m.senderId !== lastSender} pinned={pinned.has(m.seq)} actions={actions} />);
    lastSender = m.type === "system" ? -1 : m.senderId;
  }

  return (
    <div class="messages-wrap">
      <div class="messages" ref={box} onScroll={onScroll} role="log" aria-live="polite" aria-relevant="additions" aria-label={t("chat.log")} tabIndex={0}>
        {w.hasOlder && (
          <button type="button" class="load-older" onClick={() => { note(); stick.current = false; void loadOlder(chat.chatId); }}>
            {loadingOlder.value ? t("chat.loading") : t("chat.loadOlder")}
          </button>
        )}
        {w.messages.length === 0 && pending.length === 0 && <p class="muted pad center">{t("chat.start")}</p>}
        {rows}
        {!w.hasNewer && pending.map((p) => <PendingItem key={p.clientId} p={p} />)}
      </div>
      {!atBottom && (
        <button type="button" class="jump-latest" onClick={() => void jumpToLatest()} aria-label={t("chat.jumpLatest")}>↓</button>
      )}
    </div>
  );
}

function PendingItem({ p }: { p: OutboxEntry }) {
  return (
    <div class={`msg mine pending${p.error ? " failed" : ""}`} data-client-id={p.clientId}>
      <div class="bubble">
        {p.fileId && <div class="muted">📎</div>}
        <div class="text">{p.text}</div>
        <div class="meta">
          <time dateTime={new Date(p.queuedAt).toISOString()}>{timeOf(new Date(p.queuedAt).toISOString())}</time>
          <span class="tick clock" role="img" aria-label={t("msg.pending")} title={t("msg.pending")}>🕓</span>
        </div>
        {p.error && (
          <div class="fail" role="alert">
            {t("msg.failed", { error: p.error })}{" "}
            <button type="button" class="link" onClick={() => retrySend(p.clientId)}>{t("msg.retry")}</button>{" "}
            <button type="button" class="link" onClick={() => discardSend(p.clientId)}>{t("msg.discard")}</button>
          </div>
        )}
      </div>
    </div>
  );
}

export type { Message };
