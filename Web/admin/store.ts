// The admin panel's state (signals) and actions: sign-in, the live feed from the admin hub, and
// what the tables load. Figures are pushed by the server; nothing here polls them.
import { batch, signal } from "@preact/signals";
import { RestClient } from "../shared/api";
import { MessengerError, toMessengerError } from "../shared/errors";
import { type ConnectionState, HubClient } from "../shared/hub";
import { type Locale, pickLocale, translate } from "../shared/i18n";
import type { AuthAnswer } from "../shared/protocol";
import { readJson, storage, writeJson } from "../shared/storage";
import { AdminApi } from "./api";
import type { AdminLive, AdminMessage, AdminSnapshot, AdminStats } from "./contracts";
import { dictionaries } from "./strings";

const KEY = { session: "am.admin.session", locale: "am.locale" };
export const ADMIN_HUB = "/hub/admin";

type Session = Pick<AuthAnswer, "token" | "user" | "mustChangePassword">;

export const locale = signal<Locale>(pickLocale(globalThis.navigator?.languages, storage.get(KEY.locale)));
export const session = signal<Session | null>(readJson<Session | null>(storage, KEY.session, null));
export const connection = signal<ConnectionState>("connecting");
export const stats = signal<AdminStats | null>(null);
export const live = signal<AdminLive | null>(null);
export const messages = signal<AdminMessage[]>([]);
/** When the last figures arrived (the uptime card counts on from there). */
export const statsReceivedAt = signal(0);
/** A notice for the sign-in screen (why the session ended, or that the account is not an admin). */
export const signInNotice = signal<string | null>(null);
/** Bumped when something the tables show may have changed (an account or backup action). */
export const changes = signal(0);

export const t = (key: string, params?: Record<string, string | number>) => translate(dictionaries, locale.value, key, params);

export function setLocale(next: Locale): void {
  locale.value = next;
  storage.set(KEY.locale, next);
  document.documentElement.lang = next;
}

const rest = new RestClient(() => session.value?.token ?? null);
export const api = new AdminApi(rest, () => session.value?.token ?? null);

export function errorText(error: unknown): string {
  const e = toMessengerError(error);
  const key = `error.${e.code}`;
  const text = t(key, { text: e.message });
  return text === key ? t("error.unknown", { text: e.message }) : text;
}

// ---- sign-in ----

export type SignInResult = "ok" | "not_admin";

export async function signIn(username: string, password: string): Promise<SignInResult> {
  const answer = await rest.login(username, password);
  if (answer.user.role !== "admin") {
    // Not ours to keep: end the session the login just opened.
    await new RestClient(() => answer.token).logout().catch(() => undefined);
    return "not_admin";
  }
  const s: Session = { token: answer.token, user: answer.user, mustChangePassword: answer.mustChangePassword };
  writeJson(storage, KEY.session, s);
  signInNotice.value = null;
  session.value = s;
  start();
  return "ok";
}

/** The demo password is replaced before the panel opens; the current session goes on. */
export async function changePassword(current: string, next: string): Promise<void> {
  await rest.changePassword(current, next);
  const s = session.value;
  if (!s) return;
  const updated = { ...s, mustChangePassword: false };
  writeJson(storage, KEY.session, updated);
  session.value = updated;
  start();
}

export async function signOut(notice?: string): Promise<void> {
  const h = hub;
  hub = null;
  await h?.stop();
  if (!notice && session.value) await rest.logout().catch(() => undefined);
  storage.remove(KEY.session);
  batch(() => {
    session.value = null;
    stats.value = null;
    live.value = null;
    messages.value = [];
    signInNotice.value = notice ?? null;
  });
}

/** Any refusal of the token ends the panel's session; other errors are the caller's to show. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const error = toMessengerError(e);
    if (error.code === "unauthorized" || (error instanceof MessengerError && error.status === 401)) {
      void signOut(t("session.ended"));
    }
    throw error;
  }
}

// ---- live feed ----

let hub: HubClient | null = null;
let loadingMessages = false;
let messagesWanted = false;

export function applySnapshot(snapshot: AdminSnapshot): void {
  const before = stats.value;
  batch(() => {
    stats.value = snapshot.stats;
    live.value = snapshot.live;
    statsReceivedAt.value = Date.now();
  });
  if (!before || before.messages !== snapshot.stats.messages || before.messagesLastDay !== snapshot.stats.messagesLastDay) {
    void loadMessages();
  }
  if (before && (before.users !== snapshot.stats.users || before.onlineUsers !== snapshot.stats.onlineUsers)) {
    changes.value++;
  }
}

/** The recent messages table; a change while loading asks for one more load, never two at once. */
export async function loadMessages(): Promise<void> {
  if (loadingMessages) {
    messagesWanted = true;
    return;
  }
  loadingMessages = true;
  try {
    do {
      messagesWanted = false;
      messages.value = (await guarded(() => api.messages())).messages;
    } while (messagesWanted);
  } catch {
    // Shown again with the next change.
  } finally {
    loadingMessages = false;
  }
}

/** After every (re)connection: the whole picture once, then only pushes. */
async function catchUp(): Promise<void> {
  const [s, l] = await Promise.all([guarded(() => api.stats()), guarded(() => api.live())]);
  applySnapshot({ stats: s, live: l });
  changes.value++;
}

export function start(): void {
  const s = session.value;
  if (!s || s.mustChangePassword || hub) return;
  hub = new HubClient({
    url: ADMIN_HUB,
    token: () => session.value?.token ?? null,
    onState: (state) => (connection.value = state),
    onConnected: () => catchUp(),
    onUnauthorized: () => void signOut(t("session.ended")),
  });
  hub.connection.on("admin_stats", (snapshot: AdminSnapshot) => applySnapshot(snapshot));
  hub.connection.on("session_ended", (e: { reason?: string }) => {
    const key = `session.${e?.reason ?? "ended"}`;
    const text = t(key);
    void signOut(text === key ? t("session.ended") : text);
  });
  hub.start();
}
