// The REST half of the protocol: typed calls with the bearer token, errors as MessengerError.
import { MessengerError } from "./errors";
import type {
  AuthAnswer, ChatDetailsAnswer, ChatId, ChatsAnswer, HistoryAnswer, MeAnswer, MembersAnswer, PinsAnswer,
  PrivacyAnswer, SearchChannelsAnswer, SearchMessagesAnswer, SelfUser, SessionsAnswer, UploadAnswer, UserId, UsersAnswer,
  WhoCanAddMe,
} from "./protocol";

export type TokenSource = () => string | null;

export class RestClient {
  constructor(
    private readonly token: TokenSource,
    private base = "",
  ) {}

  /** Calls go to this node from now on (`""`: the page's own); the client moved there when its own died. */
  useServer(base: string): void {
    this.base = base;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new MessengerError("network", e instanceof Error ? e.message : String(e));
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const err = json as { code?: string; error?: string } | null;
      const code = err?.code ?? (response.status === 401 ? "unauthorized" : response.status >= 500 ? "unavailable" : "unknown");
      throw new MessengerError(code, err?.error ?? response.statusText, response.status);
    }
    return json as T;
  }

  login(username: string, password: string) {
    return this.call<AuthAnswer>("POST", "/api/login", { username, password });
  }
  register(username: string, password: string, fullName: string) {
    return this.call<AuthAnswer>("POST", "/api/register", { username, password, fullName });
  }
  /** Ends this session on the server (its token stops working everywhere). */
  logout() {
    return this.call<{ success: true }>("POST", "/api/logout");
  }
  users() {
    return this.call<UsersAnswer>("GET", "/api/users");
  }
  chats() {
    return this.call<ChatsAnswer>("GET", "/api/chats");
  }
  chat(chatId: ChatId) {
    return this.call<ChatDetailsAnswer>("GET", `/api/chats/${encodeURIComponent(chatId)}`);
  }
  /** The member list from `offset` on, in the order of the chat's details. */
  members(chatId: ChatId, offset: number, limit = 100) {
    const q = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    return this.call<MembersAnswer>("GET", `/api/chats/${encodeURIComponent(chatId)}/members?${q}`);
  }
  pins(chatId: ChatId) {
    return this.call<PinsAnswer>("GET", `/api/chats/${encodeURIComponent(chatId)}/pins`);
  }
  /** The `limit` messages just below `before` (or the newest), oldest first. */
  history(chatId: ChatId, before?: number, limit = 50) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before !== undefined) q.set("before", String(before));
    return this.call<HistoryAnswer>("GET", `/api/messages/${encodeURIComponent(chatId)}?${q}`);
  }
  searchMessages(q: string, chatId?: ChatId) {
    const p = new URLSearchParams({ q, limit: "50" });
    if (chatId) p.set("chatId", chatId);
    return this.call<SearchMessagesAnswer>("GET", `/api/search/messages?${p}`);
  }
  searchUsers(q: string) {
    return this.call<UsersAnswer>("GET", `/api/search/users?${new URLSearchParams({ q })}`);
  }
  searchChannels(q: string) {
    return this.call<SearchChannelsAnswer>("GET", `/api/search/channels?${new URLSearchParams({ q })}`);
  }
  me() {
    return this.call<MeAnswer>("GET", "/api/me");
  }
  updateMe(changes: { fullName?: string; avatar?: string; bio?: string }) {
    return this.call<{ success: true; user: SelfUser }>("PUT", "/api/me", changes);
  }
  changePassword(currentPassword: string, newPassword: string) {
    return this.call<{ success: true }>("POST", "/api/me/password", { currentPassword, newPassword });
  }

  privacy() {
    return this.call<PrivacyAnswer>("GET", "/api/me/privacy");
  }
  setPrivacy(whoCanAddMe: WhoCanAddMe) {
    return this.call<PrivacyAnswer>("PUT", "/api/me/privacy", { whoCanAddMe });
  }
  /** Blocks (or unblocks) a user: neither writes in your direct chat, and they cannot add you anywhere. */
  block(userId: UserId, blocked: boolean) {
    return this.call<PrivacyAnswer>(blocked ? "POST" : "DELETE", `/api/users/${userId}/block`);
  }

  /** The cluster's live nodes (absolute URLs), where the client may go on if its node dies. */
  clusterNodes() {
    return this.call<{ nodes: string[] }>("GET", "/api/cluster/nodes");
  }

  sessions() {
    return this.call<SessionsAnswer>("GET", "/api/me/sessions");
  }
  endSession(id: string) {
    return this.call<{ success: true }>("DELETE", `/api/me/sessions/${encodeURIComponent(id)}`);
  }
  endOtherSessions() {
    return this.call<{ success: true; ended: number }>("POST", "/api/me/sessions/end-others");
  }

  /** A file link for `<img src>` and downloads: the token rides as `access_token`, as the server allows. */
  fileUrl(fileId: string): string {
    const token = this.token();
    return `${this.base}/api/files/${encodeURIComponent(fileId)}${token ? `?access_token=${encodeURIComponent(token)}` : ""}`;
  }

  /** Upload with progress (fetch has no upload progress); `abort` cancels it. */
  upload(chatId: ChatId, file: File, onProgress: (fraction: number) => void): { done: Promise<UploadAnswer>; abort: () => void } {
    const xhr = new XMLHttpRequest();
    const done = new Promise<UploadAnswer>((resolve, reject) => {
      xhr.open("POST", `${this.base}/api/files`);
      const token = this.token();
      if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let json: { code?: string; error?: string } | null = null;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {
          json = null;
        }
        if (xhr.status >= 200 && xhr.status < 300 && json) resolve(json as unknown as UploadAnswer);
        else reject(new MessengerError(json?.code ?? (xhr.status === 413 ? "file_too_large" : "unknown"), json?.error ?? xhr.statusText, xhr.status));
      };
      xhr.onerror = () => reject(new MessengerError("network", "upload failed"));
      xhr.onabort = () => reject(new MessengerError("aborted", "upload cancelled"));
      const form = new FormData();
      form.append("chatId", chatId);
      form.append("file", file, file.name);
      xhr.send(form);
    });
    return { done, abort: () => xhr.abort() };
  }
}
