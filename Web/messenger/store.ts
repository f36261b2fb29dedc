// The messenger's state (signals) and everything that changes it: REST loads, hub events, sync
// after reconnects, the outbox, drafts. The UI reads signals and calls the actions below.
import { batch, computed, signal } from "@preact/signals";
import { RestClient } from "../shared/api";
import { isRetryable, MessengerError, toMessengerError } from "../shared/errors";
import { type ConnectionState, HubClient, retryDelay } from "../shared/hub";
import { type Locale, pickLocale, translate } from "../shared/i18n";
import { newClientId } from "../shared/ids";
import {
  type Chat, type ChatCleared, type ChatId, type ChatSummary, directChatId, type HubEvents, type Message, type Pin, type PublicUser, type SelfUser,
  type PrivacyAnswer, type Update, UPDATE_EVENTS, type UserId, type WhoCanAddMe,
} from "../shared/protocol";
import { readJson, storage, writeJson } from "../shared/storage";
import { classify, Cursors } from "./logic/cursors";
import { Drafts } from "./logic/drafts";
import { Outbox, type OutboxEntry } from "./logic/outbox";
import { lastSeenAfter } from "./logic/presence";
import {
  emptyWindow, type MessageWindow, newerPageRequest, PAGE_SIZE, upsert, withChanged, withCleared, withLive, withNewer, withOlder,
} from "./logic/window";
import { dictionaries } from "./strings";

const KEY = { session: "am.session", locale: "am.locale", muted: "am.muted" };

interface Session {
  token: string;
  user: SelfUser;
  mustChangePassword?: boolean;
}

// ---- state ----

export const locale = signal<Locale>(pickLocale(globalThis.navigator?.languages, storage.get(KEY.locale)));
export const session = signal<Session | null>(readJson<Session | null>(storage, KEY.session, null));
export const connection = signal<ConnectionState>("connecting");
export const users = signal<ReadonlyMap<UserId, PublicUser>>(new Map());
export const online = signal<ReadonlySet<UserId>>(new Set());
export const chats = signal<ReadonlyMap<ChatId, ChatSummary>>(new Map());
export const currentChatId = signal<ChatId | null>(null);
export const windows = signal<ReadonlyMap<ChatId, MessageWindow>>(new Map());
export const loadingOlder = signal(false);
export const pins = signal<ReadonlyMap<ChatId, Pin[]>>(new Map());
export const typing = signal<ReadonlyMap<ChatId, ReadonlyMap<UserId, number>>>(new Map());
export const outboxEntries = signal<readonly OutboxEntry[]>([]);
export const toast = signal<string | null>(null);
export const muted = signal<ReadonlySet<ChatId>>(new Set(readJson<ChatId[]>(storage, KEY.muted, [])));
export const hiddenUnread = signal(0);
export const updateNotice = signal<HubEvents["update_available"] | null>(null);
/** Why the server is going away for a moment (`server_stopping`), until the connection is back. */
export const serverStopping = signal<HubEvents["server_stopping"]["reason"] | null>(null);
/** The user's consent: who may add them to groups, and the users they block (docs/protocol.md, *Privacy and blocking*). */
export const whoCanAddMe = signal<WhoCanAddMe>("everyone");
export const blocked = signal<ReadonlySet<UserId>>(new Set());

export const me = computed(() => session.value?.user ?? null);

export const t = (key: string, params?: Record<string, string | number>) => translate(dictionaries, locale.value, key, params);

export function setLocale(next: Locale): void {
  locale.value = next;
  storage.set(KEY.locale, next);
  document.documentElement.lang = next;
}

function activity(c: ChatSummary): string {
  return c.lastMessage?.createdAt ?? "";
}

/** Chats by latest activity; a chat with no message yet sorts by when it appeared here. */
export const chatList = computed(() =>
  Array.from(chats.value.values()).sort((a, b) => (activity(a) < activity(b) ? 1 : activity(a) > activity(b) ? -1 : a.chatId.localeCompare(b.chatId))),
);

export const currentChat = computed(() => (currentChatId.value ? chats.value.get(currentChatId.value) ?? null : null));

// ---- plumbing ----

const rest = new RestClient(() => session.value?.token ?? null);
export const api = rest;
const cursors = new Cursors();
let outbox: Outbox | null = null;
let drafts: Drafts | null = null;
let hub: HubClient | null = null;

export function userName(id: UserId | null | undefined): string {
  if (id == null) return "";
  const u = users.value.get(id);
  return u?.fullName || u?.username || `#${id}`;
}

export function chatTitle(c: Pick<ChatSummary, "kind" | "title" | "peerId" | "chatId">): string {
  if (c.kind !== "direct") return c.title ?? c.chatId;
  const mine = me.value?.id;
  if (c.peerId == null || c.peerId === mine) return t("list.saved");
  return userName(c.peerId);
}

export function errorText(error: unknown): string {
  const e = toMessengerError(error);
  const key = `error.${e.code}`;
  const text = t(key, { text: e.message });
  return text === key ? t("error.unknown", { text: e.message }) : text;
}

export function showError(error: unknown): void {
  toast.value = errorText(error);
}

function setChat(summary: ChatSummary): void {
  const next = new Map(chats.value);
  next.set(summary.chatId, summary);
  chats.value = next;
}

function patchChat(chatId: ChatId, change: (c: ChatSummary) => ChatSummary): void {
  const c = chats.value.get(chatId);
  if (c) setChat(change(c));
}

function setWindow(chatId: ChatId, w: MessageWindow): void {
  const next = new Map(windows.value);
  next.set(chatId, w);
  windows.value = next;
}

function refreshOutbox(): void {
  outboxEntries.value = outbox ? outbox.all().slice() : [];
}

export function draftOf(chatId: ChatId): string {
  return drafts?.get(chatId) ?? "";
}

export function saveDraft(chatId: ChatId, text: string): void {
  drafts?.set(chatId, text);
}

// ---- session ----

function adoptSession(answer: { token: string; user: SelfUser; mustChangePassword?: boolean }): void {
  const s: Session = { token: answer.token, user: answer.user, mustChangePassword: answer.mustChangePassword };
  writeJson(storage, KEY.session, s);
  session.value = s;
  start();
}

export async function login(username: string, password: string): Promise<void> {
  adoptSession(await rest.login(username, password));
}

export async function register(username: string, password: string, fullName: string): Promise<void> {
  adoptSession(await rest.register(username, password, fullName));
}

/** Ends the session on the server, then forgets the token and everything loaded with it. */
export async function logout(): Promise<void> {
  const h = hub;
  hub = null;
  started = false;
  await h?.stop();
  if (session.value) await rest.logout().catch(() => undefined);
  storage.remove(KEY.session);
  batch(() => {
    session.value = null;
    chats.value = new Map();
    windows.value = new Map();
    currentChatId.value = null;
    users.value = new Map();
    blocked.value = new Set();
  });
}

// ---- start, sync, events ----

let started = false;

export function start(): void {
  const s = session.value;
  if (!s || started) return;
  started = true;
  outbox = new Outbox(storage, `am.outbox.${s.user.id}`);
  drafts = new Drafts(storage, `am.drafts.${s.user.id}`);
  refreshOutbox();
  hub = new HubClient({
    token: () => session.value?.token ?? null,
    onState: (state) => {
      connection.value = state;
      if (state === "connected") serverStopping.value = null;
    },
    onConnected: async () => {
      await catchUp();
      learnNodes();
    },
    onUnauthorized: () => void logoutAfterRefusal(),
    onNode: (base) => rest.useServer(base),
  });
  wireEvents(hub);
  void (async () => {
    try {
      await Promise.all([loadUsers(), loadChats(), loadPrivacy().catch(() => undefined)]);
    } catch (e) {
      if (e instanceof MessengerError && e.code === "unauthorized") return logoutAfterRefusal();
    }
    hub?.start();
  })();
}

/** Where the client may go on if its node dies: asked after every connection, never in the way of one. */
function learnNodes(): void {
  const h = hub;
  rest.clusterNodes().then((a) => h?.setNodes(a.nodes)).catch(() => undefined);
}

/** The server ended this session (logged out elsewhere, password changed, expired …): back to the login screen. */
async function logoutAfterRefusal(reason?: string): Promise<void> {
  const h = hub;
  hub = null;
  started = false;
  await h?.stop();
  storage.remove(KEY.session);
  batch(() => {
    session.value = null;
    chats.value = new Map();
    windows.value = new Map();
    currentChatId.value = null;
  });
  const key = `session.${reason ?? "unknown"}`;
  const text = t(key);
  toast.value = text === key ? t("error.unauthorized") : text;
}

function adoptPrivacy(answer: Pick<PrivacyAnswer, "whoCanAddMe" | "blocked">): void {
  batch(() => {
    whoCanAddMe.value = answer.whoCanAddMe;
    blocked.value = new Set(answer.blocked);
  });
}

/** Read again when the profile opens: another device may have changed it. */
export async function loadPrivacy(): Promise<void> {
  adoptPrivacy(await rest.privacy());
}

export async function setWhoCanAddMe(value: WhoCanAddMe): Promise<void> {
  adoptPrivacy(await rest.setPrivacy(value));
}

export async function setBlocked(userId: UserId, on: boolean): Promise<void> {
  adoptPrivacy(await rest.block(userId, on));
}

export function refreshUsers(): Promise<void> {
  return loadUsers().catch(() => undefined);
}

async function loadUsers(): Promise<void> {
  const answer = await rest.users();
  batch(() => {
    users.value = new Map(answer.users.map((u) => [u.id, u]));
    online.value = new Set(answer.users.filter((u) => u.online).map((u) => u.id));
  });
}

async function loadChats(): Promise<void> {
  const answer = await rest.chats();
  const next = new Map<ChatId, ChatSummary>();
  for (const c of answer.chats) {
    const known = chats.value.get(c.chatId);
    const cursor = cursors.get(c.chatId);
    if (!cursors.has(c.chatId)) cursors.adopt(c.chatId, c.lastUpdateSeq);
    // Our own cursor may be ahead of the list (an update arrived while it was read): keep what we applied.
    const fresh = { ...c, othersReadSeq: Math.max(c.othersReadSeq ?? 0, known?.othersReadSeq ?? 0) };
    next.set(c.chatId, known && cursor !== undefined && cursor > c.lastUpdateSeq ? { ...fresh, lastMessage: known.lastMessage, lastSeq: known.lastSeq } : fresh);
  }
  chats.value = next;
}

let reloadTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleReload(): void {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => void loadChats().catch(() => undefined), 150);
}

/** People seen in search answers: newer than the list read at start (new accounts, presence). */
export function rememberUsers(found: readonly PublicUser[]): void {
  if (found.length === 0) return;
  const next = new Map(users.value);
  const present = new Set(online.value);
  for (const u of found) {
    next.set(u.id, u);
    if (u.online) present.add(u.id);
    else present.delete(u.id);
  }
  batch(() => {
    users.value = next;
    online.value = present;
  });
}

let usersTimer: ReturnType<typeof setTimeout> | undefined;
function ensureUser(id: UserId): void {
  if (users.value.has(id)) return;
  clearTimeout(usersTimer);
  usersTimer = setTimeout(() => void loadUsers().catch(() => undefined), 150);
}

let syncing: Promise<void> | null = null;
let syncAgain = false;

let catchUpRetry: ReturnType<typeof setTimeout> | undefined;
let catchUpAttempts = 0;

/**
 * After every (re)connection: everything missed, in order, then the outbox goes out. A sync the server
 * cannot answer for now (`unavailable`: just after a failover the chats are still starting on this node)
 * is asked again on a timer while connected; the outbox goes out meanwhile.
 */
async function catchUp(): Promise<void> {
  clearTimeout(catchUpRetry);
  try {
    await requestSync();
    catchUpAttempts = 0;
  } catch (e) {
    if (!isRetryable(toMessengerError(e))) throw e;
    const h = hub;
    // Not after a logout: the timer belongs to this session's connection.
    if (h?.isConnected) catchUpRetry = setTimeout(() => hub === h && void catchUp().catch(() => undefined), retryDelay(++catchUpAttempts));
  }
  await loadChats().catch(() => undefined);
  void loadUsers().catch(() => undefined);
  void flushOutbox();
  const open = currentChatId.value;
  if (open) void loadPins(open);
}

function requestSync(): Promise<void> {
  if (syncing) {
    syncAgain = true;
    return syncing;
  }
  syncing = (async () => {
    try {
      do {
        syncAgain = false;
        await syncOnce();
      } while (syncAgain);
    } finally {
      syncing = null;
    }
  })();
  return syncing;
}

async function syncOnce(): Promise<void> {
  if (!hub) return;
  for (let round = 0; round < 1000; round++) {
    const answer = await hub.invoke("sync", { chats: cursors.toRequest(), limit: 200 });
    let more = false;
    let unknown = false;
    for (const page of answer.chats) {
      if (!cursors.has(page.chatId)) {
        unknown = true;
        continue;
      }
      if (page.cleared) applyClear(page.cleared);
      for (const u of page.updates) applyUpdate(u);
      if (page.hasMore) more = true;
    }
    for (const removed of answer.removed) dropChat(removed);
    if (unknown) await loadChats();
    if (!more) return;
  }
}

function wireEvents(h: HubClient): void {
  for (const name of UPDATE_EVENTS) h.on(name, (u) => onUpdate(u));
  h.on("message_sent", (u) => onUpdate(u));
  h.on("online_users", ({ users: ids }) => (online.value = new Set(ids)));
  h.on("privacy_changed", adoptPrivacy);
  h.on("user_status", ({ userId, online: isOnline, lastSeen }) => {
    const next = new Set(online.value);
    if (isOnline) next.add(userId);
    else next.delete(userId);
    online.value = next;
    const u = users.value.get(userId);
    if (u) {
      const all = new Map(users.value);
      all.set(userId, { ...u, online: isOnline, lastSeen: lastSeenAfter(u.lastSeen, isOnline, lastSeen) });
      users.value = all;
    } else ensureUser(userId);
  });
  h.on("messages_read", ({ chatId, userId, seq }) => {
    if (userId === me.value?.id) {
      patchChat(chatId, (c) => (seq > c.readSeq ? { ...c, readSeq: seq, unreadCount: Math.max(0, Math.min(c.unreadCount, c.lastSeq - seq)) } : c));
      return;
    }
    patchChat(chatId, (c) => (seq > (c.othersReadSeq ?? 0) ? { ...c, othersReadSeq: seq } : c));
  });
  h.on("member_count", ({ chatId, memberCount }) => patchChat(chatId, (c) => ({ ...c, memberCount })));
  h.on("typing", ({ chatId, userId }) => setTyping(chatId, userId, Date.now() + 5000));
  h.on("chat_removed", ({ chatId }) => dropChat(chatId));
  h.on("session_ended", ({ reason }) => void logoutAfterRefusal(reason));
  h.on("update_available", (notice) => (updateNotice.value = notice));
  h.on("server_stopping", ({ reason }) => (serverStopping.value = reason));
  h.on("chat_cleared", (e) => {
    const verdict = classify(cursors.get(e.chatId), e.updateSeq);
    if (verdict === "apply") applyClear(e);
    else if (verdict === "gap") void requestSync();
  });
  h.on("update_cancelled", ({ version }) => {
    if (updateNotice.value?.version === version) updateNotice.value = null;
  });
}

function onUpdate(u: Update): void {
  const verdict = classify(cursors.get(u.chatId), u.updateSeq);
  if (verdict === "apply") applyUpdate(u);
  else if (verdict === "gap") {
    if (!cursors.has(u.chatId)) scheduleReload();
    else void requestSync();
  }
}

function applyUpdate(u: Update): void {
  if (classify(cursors.get(u.chatId), u.updateSeq) !== "apply") return;
  cursors.advance(u.chatId, u.updateSeq);
  const m = u.message;
  ensureUser(m.senderId);
  batch(() => {
    patchChat(u.chatId, (c) => ({ ...c, lastUpdateSeq: u.updateSeq }));
    const w = windows.value.get(u.chatId);
    if (u.type === "new_message") {
      if (outbox?.acknowledge(m.clientId)) refreshOutbox();
      if (w) setWindow(u.chatId, withLive(w, m));
      onNewMessage(m);
      if (m.type === "system") scheduleReload();
    } else {
      if (w) setWindow(u.chatId, withChanged(w, m));
      patchChat(u.chatId, (c) => (c.lastMessage?.seq === m.seq ? { ...c, lastMessage: m } : c));
      if (u.type === "message_pinned" || u.type === "message_unpinned") applyPin(u);
    }
  });
}

function onNewMessage(m: Message): void {
  const mine = m.senderId === me.value?.id;
  // Whether it came live or through sync (a gap, a reconnect): a message newer than the list knew is news.
  let fresh = !chats.value.has(m.chatId);
  patchChat(m.chatId, (c) => {
    if (m.seq <= c.lastSeq && c.lastMessage && c.lastMessage.seq >= m.seq) return c;
    fresh = true;
    const viewing = currentChatId.value === m.chatId && isVisible();
    const unread = mine || m.type === "system" ? c.unreadCount : viewing ? c.unreadCount : c.unreadCount + 1;
    return { ...c, lastMessage: m, lastSeq: m.seq, unreadCount: mine ? 0 : unread, readSeq: mine ? m.seq : c.readSeq };
  });
  if (!mine) {
    if (currentChatId.value === m.chatId && isVisible()) void markRead(m.chatId);
    clearTyping(m.chatId, m.senderId);
    if (fresh) notify(m);
  }
}

/** An admin cleared the chat's history: its messages up to `clearedUpToSeq` leave the view, the list and the pins. */
function applyClear(e: ChatCleared): void {
  cursors.advance(e.chatId, e.updateSeq);
  batch(() => {
    const w = windows.value.get(e.chatId);
    if (w) setWindow(e.chatId, withCleared(w, e.clearedUpToSeq));
    patchChat(e.chatId, (c) => ({
      ...c,
      lastUpdateSeq: Math.max(c.lastUpdateSeq, e.updateSeq),
      lastMessage: c.lastMessage && c.lastMessage.seq <= e.clearedUpToSeq ? null : c.lastMessage,
      unreadCount: Math.max(0, c.lastSeq - Math.max(c.readSeq, e.clearedUpToSeq)),
    }));
    const list = pins.value.get(e.chatId);
    if (list) {
      const next = new Map(pins.value);
      next.set(e.chatId, list.filter((p) => p.seq > e.clearedUpToSeq));
      pins.value = next;
    }
  });
  const c = chats.value.get(e.chatId);
  if (c) toast.value = t("chat.cleared", { title: chatTitle(c) });
}

function applyPin(u: Update): void {
  const list = pins.value.get(u.chatId);
  if (!list) {
    void loadPins(u.chatId);
    return;
  }
  if (!u.pin) return;
  const without = list.filter((p) => p.seq !== u.pin!.seq);
  const next = new Map(pins.value);
  next.set(u.chatId, u.type === "message_pinned" ? [u.pin, ...without] : without);
  pins.value = next;
}

function dropChat(chatId: ChatId): void {
  cursors.forget(chatId);
  batch(() => {
    const next = new Map(chats.value);
    next.delete(chatId);
    chats.value = next;
    const w = new Map(windows.value);
    w.delete(chatId);
    windows.value = w;
    if (currentChatId.value === chatId) currentChatId.value = null;
  });
}

function setTyping(chatId: ChatId, userId: UserId, until: number): void {
  const next = new Map(typing.value);
  const inChat = new Map(next.get(chatId) ?? []);
  inChat.set(userId, until);
  next.set(chatId, inChat);
  typing.value = next;
  setTimeout(() => {
    const cur = typing.value.get(chatId)?.get(userId);
    if (cur !== undefined && cur <= Date.now()) clearTyping(chatId, userId);
  }, until - Date.now() + 50);
}

function clearTyping(chatId: ChatId, userId: UserId): void {
  if (!typing.value.get(chatId)?.has(userId)) return;
  const next = new Map(typing.value);
  const inChat = new Map(next.get(chatId));
  inChat.delete(userId);
  next.set(chatId, inChat);
  typing.value = next;
}

// ---- visibility, title, notifications ----

function isVisible(): boolean {
  return typeof document === "undefined" || document.visibilityState === "visible";
}

function notify(m: Message): void {
  if (muted.value.has(m.chatId) || m.type === "system") return;
  if (isVisible() && currentChatId.value === m.chatId) return;
  if (!isVisible()) {
    hiddenUnread.value++;
    const N = (globalThis as { Notification?: typeof Notification }).Notification;
    if (N && N.permission === "granted") {
      try {
        new N(t("notify.newMessage", { name: userName(m.senderId) }), { body: m.text || t("msg.file"), tag: m.chatId });
      } catch {
        /* some browsers allow notifications only from a service worker */
      }
    }
  }
}

export function onVisible(): void {
  hiddenUnread.value = 0;
  const open = currentChatId.value;
  if (open) void markRead(open);
}

export function toggleMute(chatId: ChatId): void {
  const next = new Set(muted.value);
  if (next.has(chatId)) next.delete(chatId);
  else next.add(chatId);
  muted.value = next;
  writeJson(storage, KEY.muted, Array.from(next));
}

// ---- chats and history ----

/** Opens a chat; for a user without a direct chat yet, a local entry stands in until the first message. */
export async function openChat(chatId: ChatId): Promise<void> {
  currentChatId.value = chatId;
  const w = windows.value.get(chatId);
  if (!w || w.hasNewer) await loadLatest(chatId);
  void loadPins(chatId);
  void markRead(chatId);
}

export function openDirect(userId: UserId): Promise<void> {
  const mine = me.value!.id;
  const chatId = directChatId(mine, userId);
  ensureUser(userId);
  if (!chats.value.has(chatId)) {
    setChat({
      chatId, kind: "direct", title: null, description: null, icon: null, isPublic: false, memberCount: 2,
      members: [mine, userId], myRole: "member", peerId: userId === mine ? mine : userId, lastMessage: null,
      lastSeq: 0, lastUpdateSeq: 0, readSeq: 0, unreadCount: 0,
    });
    cursors.adopt(chatId, 0);
  }
  return openChat(chatId);
}

export async function loadLatest(chatId: ChatId): Promise<void> {
  try {
    const page = await rest.history(chatId, undefined, PAGE_SIZE);
    setWindow(chatId, { messages: page.messages, hasOlder: page.hasMore, hasNewer: false });
  } catch (e) {
    if (e instanceof MessengerError && e.code === "unknown_chat") setWindow(chatId, emptyWindow);
    else showError(e);
  }
}

export async function loadOlder(chatId: ChatId): Promise<void> {
  const w = windows.value.get(chatId);
  if (!w || !w.hasOlder || loadingOlder.value || w.messages.length === 0) return;
  loadingOlder.value = true;
  try {
    const page = await rest.history(chatId, w.messages[0]!.seq, PAGE_SIZE);
    setWindow(chatId, withOlder(windows.value.get(chatId) ?? w, page.messages, page.hasMore));
  } catch (e) {
    showError(e);
  } finally {
    loadingOlder.value = false;
  }
}

let loadingNewer = false;
export async function loadNewer(chatId: ChatId): Promise<void> {
  const w = windows.value.get(chatId);
  const request = w && w.hasNewer ? newerPageRequest(w) : null;
  if (!w || !request || loadingNewer) return;
  loadingNewer = true;
  try {
    const page = await rest.history(chatId, request.before, request.limit);
    const lastSeq = chats.value.get(chatId)?.lastSeq ?? 0;
    const newest = page.messages[page.messages.length - 1]?.seq ?? 0;
    setWindow(chatId, withNewer(windows.value.get(chatId) ?? w, page.messages, page.messages.length < request.limit || newest >= lastSeq));
  } catch (e) {
    showError(e);
  } finally {
    loadingNewer = false;
  }
}

/** Brings one message into the window (a reply's original, a search hit), with its neighbours. */
export async function reveal(chatId: ChatId, seq: number): Promise<void> {
  const w = windows.value.get(chatId);
  if (w?.messages.some((m) => m.seq === seq)) return;
  const page = await rest.history(chatId, seq + PAGE_SIZE / 2 + 1, PAGE_SIZE);
  const lastSeq = chats.value.get(chatId)?.lastSeq ?? 0;
  const newest = page.messages[page.messages.length - 1]?.seq ?? 0;
  setWindow(chatId, { messages: upsert([], page.messages), hasOlder: page.hasMore, hasNewer: newest < lastSeq });
}

export async function loadPins(chatId: ChatId): Promise<void> {
  try {
    const answer = await rest.chat(chatId);
    adoptInfo(answer.chat);
    const next = new Map(pins.value);
    next.set(chatId, answer.pins.slice().sort((a, b) => (a.pinnedAt < b.pinnedAt ? 1 : -1)));
    pins.value = next;
  } catch {
    /* pins are a convenience; the chat still works without them */
  }
}

/** A chat's name, description, icon and member count as the server just said (subscribers get no live count). */
export function adoptInfo(info: Chat): void {
  patchChat(info.chatId, (c) => ({ ...c, title: info.title, description: info.description, icon: info.icon, isPublic: info.isPublic, memberCount: info.memberCount }));
}

const readTimers = new Map<ChatId, ReturnType<typeof setTimeout>>();
export function markRead(chatId: ChatId): Promise<void> {
  clearTimeout(readTimers.get(chatId));
  return new Promise((resolve) => {
    readTimers.set(chatId, setTimeout(async () => {
      const c = chats.value.get(chatId);
      const w = windows.value.get(chatId);
      const seq = c?.lastSeq ?? 0;
      if (!c || !hub?.isConnected || !isVisible() || seq <= c.readSeq || (w && w.hasNewer)) return resolve();
      try {
        const answer = await hub.invoke("mark_read", { chatId, seq });
        patchChat(chatId, (x) => ({ ...x, readSeq: Math.max(x.readSeq, answer.readSeq), unreadCount: answer.unreadCount }));
      } catch {
        /* the next look at the chat tries again */
      }
      resolve();
    }, 300));
  });
}

// ---- sending ----

export function send(chatId: ChatId, text: string, replyTo?: number | null, file?: { fileId: string; type: "file" | "image" }): void {
  const c = chats.value.get(chatId);
  const mine = me.value!.id;
  const entry: OutboxEntry = {
    clientId: newClientId(),
    chatId,
    recipientId: c?.kind === "direct" ? (c.peerId ?? mine) : undefined,
    text,
    replyTo: replyTo ?? null,
    fileId: file?.fileId ?? null,
    type: file?.type ?? "text",
    queuedAt: Date.now(),
  };
  outbox!.add(entry);
  refreshOutbox();
  void flushOutbox();
}

let flushing = false;
let flushRetry: ReturnType<typeof setTimeout> | undefined;
let flushAttempts = 0;

/**
 * Sends waiting messages one by one, oldest first, each with its own clientId. A send the server could not
 * take for now is tried again on a timer while connected (a reconnect flushes anyway).
 */
export async function flushOutbox(): Promise<void> {
  if (flushing || !outbox || !hub) return;
  flushing = true;
  clearTimeout(flushRetry);
  flushRetry = undefined;
  try {
    for (const entry of outbox.pending()) {
      if (!hub.isConnected) return;
      try {
        const stored = await hub.invoke("send_message", {
          chatId: entry.chatId,
          recipientId: entry.recipientId,
          message: { text: entry.text, type: entry.type ?? "text", clientId: entry.clientId, replyTo: entry.replyTo ?? null, fileId: entry.fileId ?? null },
        });
        outbox.acknowledge(entry.clientId);
        refreshOutbox();
        placeOwnMessage(stored);
        flushAttempts = 0;
      } catch (e) {
        const err = toMessengerError(e);
        if (isRetryable(err)) {
          const h = hub;
          if (h.isConnected) flushRetry = setTimeout(() => hub === h && void flushOutbox(), retryDelay(++flushAttempts));
          return;
        }
        outbox.fail(entry.clientId, errorText(err));
        refreshOutbox();
      }
    }
  } finally {
    flushing = false;
  }
}

/** The send answer may come before or after its `message_sent` event; both land on the same seq. */
function placeOwnMessage(m: Message): void {
  batch(() => {
    if (!chats.value.has(m.chatId)) scheduleReload();
    const w = windows.value.get(m.chatId);
    if (w) setWindow(m.chatId, withLive(w, m));
    patchChat(m.chatId, (c) => (m.seq > c.lastSeq ? { ...c, lastMessage: m, lastSeq: m.seq, readSeq: m.seq, unreadCount: 0 } : c));
  });
}

export function retrySend(clientId: string): void {
  outbox?.retry(clientId);
  refreshOutbox();
  void flushOutbox();
}

export function discardSend(clientId: string): void {
  outbox?.acknowledge(clientId);
  refreshOutbox();
}

let lastTyping = 0;
export function sendTyping(chatId: ChatId): void {
  const c = chats.value.get(chatId);
  if (!hub?.isConnected || !c || c.kind === "channel" || c.lastSeq === 0) return;
  const now = Date.now();
  if (now - lastTyping < 2500) return;
  lastTyping = now;
  void hub.invoke("typing", { chatId }).catch(() => undefined);
}

// ---- message actions ----

function requireHub(): HubClient {
  if (!hub || !hub.isConnected) throw new MessengerError("network", "offline");
  return hub;
}

async function act(run: () => Promise<Update | unknown>): Promise<boolean> {
  try {
    const result = await run();
    if (result && typeof result === "object" && "updateSeq" in result) onUpdate(result as Update);
    return true;
  } catch (e) {
    showError(e);
    return false;
  }
}

export const editMessage = (chatId: ChatId, seq: number, text: string) => act(() => requireHub().invoke("edit_message", { chatId, seq, text }));
export const deleteMessage = (chatId: ChatId, seq: number) => act(() => requireHub().invoke("delete_message", { chatId, seq }));
export const react = (chatId: ChatId, seq: number, emoji: string) => act(() => requireHub().invoke("react", { chatId, seq, emoji }));
export const pinMessage = (chatId: ChatId, seq: number, pin: boolean) =>
  act(() => requireHub().invoke(pin ? "pin_message" : "unpin_message", { chatId, seq }));
export const forwardMessage = (fromChatId: ChatId, seq: number, target: ChatSummary) =>
  act(async () => {
    const m = await requireHub().invoke("forward_message", {
      fromChatId, seq, clientId: newClientId(),
      ...(target.kind === "direct" ? { recipientId: target.peerId ?? me.value!.id } : { chatId: target.chatId }),
    });
    placeOwnMessage(m);
  });

// ---- groups and channels ----

export async function createGroup(title: string, memberIds: UserId[]): Promise<void> {
  const chat = await requireHub().invoke("create_group", { title, memberIds });
  await loadChats();
  await openChat(chat.chatId);
}

export async function createChannel(name: string, description: string, isPublic: boolean): Promise<void> {
  const chat = await requireHub().invoke("create_channel", { name, description, isPublic });
  await loadChats();
  await openChat(chat.chatId);
}

export async function joinChat(target: { chatId?: ChatId; invite?: string }): Promise<void> {
  const chat = await requireHub().invoke("join_chat", target);
  await loadChats();
  await openChat(chat.chatId);
}

export async function leaveChat(chatId: ChatId): Promise<void> {
  await requireHub().invoke("leave_chat", { chatId });
  dropChat(chatId);
}

export const hubCall = requireHub;
