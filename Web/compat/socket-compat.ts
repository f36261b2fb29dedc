// The old server's browser API (socketClient.connect / sendMessage / onMessage) on top of SignalR
// with token login, for pages written for the Socket.IO server. Loaded by /socket-client.js.
import { RestClient } from "../shared/api";
import { HubClient } from "../shared/hub";
import type { Message, Update, UserId } from "../shared/protocol";
import { newClientId } from "../shared/ids";
import { readJson, storage } from "../shared/storage";

type Credentials = { username: string; password: string } | { token: string };
type MessageCallback = (payload: { chatId: string; message: Message }) => void;

export interface LegacySocketClient {
  connect(who?: UserId | Credentials): Promise<{ userId: UserId }>;
  sendMessage(chatId: string | null, recipientId: UserId | null, message: string | { text: string; type?: string; replyTo?: number }): Promise<Message>;
  onMessage(callback: MessageCallback): void;
  disconnect(): Promise<void>;
  readonly userId: UserId | null;
}

export function createSocketClient(serverUrl: string): LegacySocketClient {
  let token: string | null = null;
  let userId: UserId | null = null;
  let hub: HubClient | null = null;
  const callbacks: MessageCallback[] = [];
  const rest = new RestClient(() => token, serverUrl);

  const deliver = (u: Update) => {
    for (const cb of callbacks) cb({ chatId: u.chatId, message: u.message });
  };

  return {
    get userId() {
      return userId;
    },
    async connect(who) {
      if (who && typeof who === "object" && "username" in who) {
        const answer = await rest.login(who.username, who.password);
        token = answer.token;
        userId = answer.user.id;
      } else if (who && typeof who === "object" && "token" in who) {
        token = who.token;
        userId = (await rest.me()).user.id;
      } else {
        // The old API passed only a user id: the messenger page's saved login is used, and only for that user.
        const saved = readJson<{ token: string; user: { id: UserId } } | null>(storage, "am.session", null);
        if (!saved || (who !== undefined && saved.user.id !== who)) throw new Error("Log in first: connect({ username, password })");
        token = saved.token;
        userId = saved.user.id;
      }
      hub = new HubClient({ url: `${serverUrl}/hub`, token: () => token, negotiate: true });
      hub.on("new_message", deliver);
      await new Promise<void>((resolve) => {
        hub!.connection.onreconnected(() => undefined);
        const check = () => (hub!.isConnected ? resolve() : setTimeout(check, 50));
        hub!.start();
        check();
      });
      return { userId: userId! };
    },
    sendMessage(chatId, recipientId, message) {
      if (!hub) return Promise.reject(new Error("Not connected"));
      const m = typeof message === "string" ? { text: message } : message;
      return hub.invoke("send_message", {
        ...(chatId ? { chatId } : {}),
        ...(recipientId != null ? { recipientId } : {}),
        message: { text: m.text, type: "text", clientId: newClientId(), replyTo: m.replyTo ?? null },
      });
    },
    onMessage(callback) {
      callbacks.push(callback);
    },
    async disconnect() {
      await hub?.stop();
      hub = null;
    },
  };
}
