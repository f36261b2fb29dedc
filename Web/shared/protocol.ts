// The wire protocol of docs/protocol.md as TypeScript types: REST answers, hub payloads and events.
// Shared by every page of the Web build (messenger, admin panel); keep it in step with the doc.

export type UserId = number;
export type ChatId = string;
export type ChatKind = "direct" | "group" | "channel";
export type ChatRole = "owner" | "admin" | "member";
export type MessageType = "text" | "file" | "image" | "system";
export type Iso8601 = string;

export interface AttachmentView {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

export interface ForwardInfo {
  fromChatId: ChatId;
  fromSeq: number;
  originalSenderId: UserId;
  originalCreatedAt: Iso8601;
}

export type SystemAction =
  | "chat_created"
  | "members_added"
  | "member_removed"
  | "member_left"
  | "member_joined"
  | "role_changed"
  | "chat_updated";

export interface SystemEvent {
  action: SystemAction;
  actorId: UserId;
  userIds: UserId[];
  role?: string | null;
  title?: string | null;
}

export interface Message {
  id: string;
  chatId: ChatId;
  seq: number;
  senderId: UserId;
  text: string;
  type: MessageType;
  createdAt: Iso8601;
  time?: Iso8601;
  clientId?: string | null;
  replyTo?: number | null;
  forward?: ForwardInfo | null;
  attachment?: AttachmentView | null;
  system?: SystemEvent | null;
  edited?: boolean;
  editedAt?: Iso8601 | null;
  deleted?: boolean;
  deletedAt?: Iso8601 | null;
  deletedBy?: UserId | null;
  reactions?: Record<string, UserId[]> | null;
}

export interface Pin {
  seq: number;
  pinnedBy: UserId;
  pinnedAt: Iso8601;
}

export type UpdateType =
  | "new_message"
  | "message_edited"
  | "message_deleted"
  | "reactions_changed"
  | "message_pinned"
  | "message_unpinned";

/** Every change of a chat, numbered by `updateSeq` (1, 2, 3 … with no gaps per chat). */
export interface Update {
  chatId: ChatId;
  updateSeq: number;
  type: UpdateType;
  message: Message;
  pin?: Pin | null;
}

export interface Chat {
  chatId: ChatId;
  kind: ChatKind;
  title: string | null;
  description: string | null;
  icon: string | null;
  isPublic: boolean;
  ownerId: UserId;
  memberCount: number;
  createdAt: Iso8601;
}

/** One entry of `GET /api/chats`. */
export interface ChatSummary {
  chatId: ChatId;
  kind: ChatKind;
  title: string | null;
  description: string | null;
  icon: string | null;
  isPublic: boolean;
  memberCount: number;
  members: UserId[];
  myRole: ChatRole;
  peerId: UserId | null;
  lastMessage: Message | null;
  lastSeq: number;
  lastUpdateSeq: number;
  readSeq: number;
  unreadCount: number;
  /** How far the other members have read (as far as `messages_read` would tell you): read ticks after a reload. */
  othersReadSeq?: number;
}

export interface MemberEntry {
  userId: UserId;
  role: ChatRole;
  joinedAt: Iso8601;
}

export interface PublicUser {
  id: UserId;
  username: string;
  full_name?: string;
  fullName: string;
  avatar: string | null;
  bio: string | null;
  online: boolean;
  lastSeen: Iso8601 | null;
}

export interface SelfUser {
  id: UserId;
  username: string;
  fullName: string;
  role: string;
  avatar?: string | null;
  bio?: string | null;
  createdAt?: Iso8601;
  lastSeen?: Iso8601 | null;
}

// ---- REST answers ----

export interface AuthAnswer {
  success: true;
  user: SelfUser;
  token: string;
  /** Set by servers that ask a demo account to change its password first. */
  mustChangePassword?: boolean;
}

export interface UsersAnswer { users: PublicUser[] }
export interface ChatsAnswer { chats: ChatSummary[] }
/** `members` is the first page (owner, admins, then the rest by join time); `moreMembers` says `GET …/members` has the rest. */
export interface ChatDetailsAnswer { chat: Chat; members: MemberEntry[]; moreMembers: boolean; pins: Pin[] }
export interface MembersAnswer { chatId: ChatId; memberCount: number; members: MemberEntry[]; hasMore: boolean }
export interface PinsAnswer { chatId: ChatId; pins: (Pin & { message: Message })[] }
export interface HistoryAnswer { chatId: ChatId; messages: Message[]; hasMore: boolean }
export interface UploadAnswer { success: true; fileId: string; name: string; size: number; contentType: string; chatId: ChatId }
export interface SearchMessagesAnswer { messages: Message[] }
export interface SearchChannelsAnswer { channels: Chat[] }
export interface MeAnswer { user: SelfUser }
export interface SessionInfo {
  id: string;
  device: string;
  userAgent: string | null;
  address: string | null;
  createdAt: Iso8601;
  lastSeen: Iso8601 | null;
  expiresAt: Iso8601;
  current: boolean;
}
export interface SessionsAnswer { sessions: SessionInfo[] }

/** Who may add the user to groups and channels: everyone (the default), people with a direct chat, nobody. */
export type WhoCanAddMe = "everyone" | "contacts" | "nobody";
export const WHO_CAN_ADD_ME: readonly WhoCanAddMe[] = ["everyone", "contacts", "nobody"];
/** `/api/me/privacy`, `/api/me/blocked` and the block calls all answer this; `blocked` oldest block first. */
export interface PrivacyAnswer { success: true; whoCanAddMe: WhoCanAddMe; blocked: UserId[] }

/** Every REST refusal: an HTTP status and this body. */
export interface ErrorBody { success: false; code: string; error: string }

// ---- hub: client → server ----

export interface OutgoingMessage {
  text: string;
  type?: "text" | "file" | "image";
  clientId?: string;
  replyTo?: number | null;
  fileId?: string | null;
}

export interface SendMessageRequest { chatId?: ChatId; recipientId?: UserId; message: OutgoingMessage }
export interface MarkReadAnswer { chatId: ChatId; userId: UserId; readSeq: number; unreadCount: number }
export interface SyncCursor { chatId: ChatId; updateSeq: number }
/** An admin cleared a chat's history: every message with `seq` ≤ `clearedUpToSeq` is gone; the clear has its own `updateSeq`. */
export interface ChatCleared { chatId: ChatId; updateSeq: number; clearedUpToSeq: number; clearedAt: Iso8601 }
/** `cleared`: set when the cursor sent was older than the chat's last clear (apply it before `updates`). */
export interface SyncChatPage { chatId: ChatId; updates: Update[]; lastUpdateSeq: number; hasMore: boolean; cleared?: ChatCleared | null }
export interface SyncAnswer { chats: SyncChatPage[]; removed: ChatId[] }
/** A chat's invite: `invite` is `"{chatId}.{secret}"`, null after `revoke_invite`. */
export interface InviteAnswer { chatId: ChatId; invite: string | null; expiresAt?: Iso8601 | null; maxUses?: number | null; uses?: number }

/** Hub method names with their request and answer types. */
export interface HubMethods {
  send_message: [SendMessageRequest, Message];
  mark_read: [{ chatId: ChatId; seq: number }, MarkReadAnswer];
  edit_message: [{ chatId: ChatId; seq: number; text: string }, Update];
  delete_message: [{ chatId: ChatId; seq: number }, Update];
  react: [{ chatId: ChatId; seq: number; emoji: string }, Update];
  pin_message: [{ chatId: ChatId; seq: number }, Update];
  unpin_message: [{ chatId: ChatId; seq: number }, Update];
  forward_message: [{ fromChatId: ChatId; seq: number; chatId?: ChatId; recipientId?: UserId; clientId?: string }, Message];
  typing: [{ chatId: ChatId }, void];
  sync: [{ chats: SyncCursor[]; limit?: number }, SyncAnswer];
  create_group: [{ title: string; memberIds: UserId[]; description?: string; icon?: string }, Chat];
  create_channel: [{ name: string; description?: string; icon?: string; isPublic?: boolean }, Chat];
  add_members: [{ chatId: ChatId; userIds: UserId[] }, Chat];
  remove_member: [{ chatId: ChatId; userId: UserId }, Chat];
  leave_chat: [{ chatId: ChatId }, Chat];
  set_role: [{ chatId: ChatId; userId: UserId; role: "admin" | "member" }, Chat];
  update_chat: [{ chatId: ChatId; title?: string; description?: string; icon?: string }, Chat];
  get_invite: [{ chatId: ChatId; regenerate?: boolean; /** seconds */ expiresIn?: number; maxUses?: number }, InviteAnswer];
  revoke_invite: [{ chatId: ChatId }, InviteAnswer];
  join_chat: [{ chatId?: ChatId; invite?: string }, Chat];
}

// ---- hub: server → client ----

export interface HubEvents {
  connected: { socketId: string; userId: UserId };
  online_users: { users: UserId[] };
  new_message: Update;
  message_sent: Update;
  message_edited: Update;
  message_deleted: Update;
  reactions_changed: Update;
  message_pinned: Update;
  message_unpinned: Update;
  user_status: { userId: UserId; online: boolean; lastSeen: Iso8601 | null };
  messages_read: { chatId: ChatId; userId: UserId; seq: number };
  typing: { chatId: ChatId; userId: UserId };
  chat_removed: { chatId: ChatId };
  /** A channel's subscriber joined or left (its owner and admins only). */
  member_count: { chatId: ChatId; memberCount: number };
  /** This connection's session ended (logged out, ended elsewhere, password changed, expired …). */
  session_ended: { reason?: string };
  update_available: { version: string; changelog?: string | null; download_url?: string | null; mandatory?: boolean; pushed_at?: Iso8601 };
  update_cancelled: { version: string };
  /** The server begins a graceful stop; the connection then closes and the client reconnects (and syncs) by itself. */
  server_stopping: { reason: "restart" | "shutdown"; reconnectAfterMs: number };
  chat_cleared: ChatCleared;
  /** The user's own setting or block list changed (on this or another device). */
  privacy_changed: { whoCanAddMe: WhoCanAddMe; blocked: UserId[] };
}

export const UPDATE_EVENTS: readonly UpdateType[] = [
  "new_message",
  "message_edited",
  "message_deleted",
  "reactions_changed",
  "message_pinned",
  "message_unpinned",
];

/** `dm-{min}-{max}`: the direct chat of two users (or a user's own saved messages). */
export function directChatId(a: UserId, b: UserId): ChatId {
  return `dm-${Math.min(a, b)}-${Math.max(a, b)}`;
}
