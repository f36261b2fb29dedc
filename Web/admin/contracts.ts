// The admin API of docs/protocol.md ("Admin …" sections) as TypeScript: what the panel reads and sends.
import type { Iso8601, UserId } from "../shared/protocol";

export interface DatabaseSize { name: string; bytes: number }

export interface AdminStats {
  at: Iso8601;
  users: number;
  messages: number;
  directChats: number;
  groups: number;
  channels: number;
  attachments: number;
  attachmentBytes: number;
  onlineUsers: number;
  connections: number;
  databases: DatabaseSize[];
  databaseBytes: number;
  uptimeSeconds: number;
  messagesLastHour: number;
  messagesLastDay: number;
  series: { firstMinute: Iso8601; messagesPerMinute: number[]; onlinePerMinute: number[] };
  nodes: number;
  nodesAsked: number;
}

export interface HotChat { chatId: string; kind: string; messagesLast5Minutes: number; mailboxDepth: number | null }
export interface MailboxDepth { actor: string; depth: number }
export interface JournalFigures { postsMeasured: number; p50Ms: number; p99Ms: number; postsLastMinute: number }
export interface LiveNode {
  node: string;
  connections: number;
  connectedUsers: number;
  busiestChats: HotChat[];
  mailboxes: MailboxDepth[];
  journal: JournalFigures;
}
export interface AdminLive { at: Iso8601; nodes: LiveNode[]; nodesAsked: number }

/** The admin hub's `admin_stats` event. */
export interface AdminSnapshot { stats: AdminStats; live: AdminLive }

export interface AdminUser {
  id: UserId;
  username: string;
  fullName: string;
  role: string;
  avatar?: string | null;
  online: boolean;
  blocked: boolean;
  created_at: Iso8601;
  last_seen: Iso8601 | null;
}
export interface UsersPage { total: number; offset: number; users: AdminUser[] }
export interface AccountAnswer { success: true; user: Pick<AdminUser, "id" | "username" | "fullName" | "role" | "blocked"> }

export interface AdminMessage {
  id: string;
  chatId: string;
  seq: number;
  sender_id: UserId;
  sender_name: string | null;
  recipient_id: UserId | null;
  recipient_name: string | null;
  text: string;
  type: string;
  timestamp: Iso8601;
}

export interface AuditEntry { id: number; at: Iso8601; adminId: UserId; adminName: string; action: string; target: string | null; details: string | null }
export interface AuditPage { entries: AuditEntry[]; hasMore: boolean }

export interface BackupInfo { name: string; size: number; createdAt: Iso8601 }
export interface BackupProgress { name: string; trigger: string; stage: "databases" | "files"; startedAt: Iso8601; filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number }
export interface BackupOutcome { success: boolean; name: string; trigger: string; createdAt: Iso8601; size: number; error: string | null }
export interface BackupStatus { running: boolean; current: BackupProgress | null; last: BackupOutcome | null }

/** `GET /admin/server/status`: the old fields, and more on servers that have them. */
export interface ServerStatus {
  running: boolean;
  uptime: number;
  startedAt?: Iso8601;
  port: number;
  addresses: string[];
  version?: string;
  node?: string;
  dataDir?: string;
  connections?: number;
  stopping?: string | null;
  restartMode?: string;
  /** Free space on the data folder's disk (null where the server cannot tell). */
  freeDiskBytes?: number | null;
  /** Below this much free space the server refuses uploads (`insufficient_storage`). */
  minFreeDiskBytes?: number;
  /** Free space is below `minFreeDiskBytes`: uploads are being refused. */
  lowDisk?: boolean;
}
/** What one node says of itself in `GET /admin/cluster` (null shard counts: its shard region did not answer in time). */
export interface ClusterNode {
  address: string;
  urls: string[];
  version: string;
  startedAt: Iso8601;
  upSince?: Iso8601 | null;
  chatShards: number | null;
  chats: number | null;
  userShards: number | null;
  userEntities: number | null;
  connections: number;
  connectedUsers: number;
  stopping: boolean;
}
export interface ClusterMember {
  address: string;
  status: string;
  roles: string[];
  reachable: boolean;
  leader: boolean;
  oldest: boolean;
  self: boolean;
  answered: boolean;
  node: ClusterNode | null;
}
export interface ClusterView {
  self: string;
  leader: string | null;
  oldest: string | null;
  members: number;
  up: number;
  unreachable: number;
  answered: number;
  nodes: ClusterMember[];
}
export interface StopAnswer { success: true; action: string; alreadyRequested: boolean; reconnectAfterMs?: number }

export interface UpdateNotice { version: string; changelog?: string; download_url?: string; mandatory?: boolean }
export interface UpdateAnswer { success: true; update_available: boolean; version: string | null; changelog: string | null; download_url: string | null; mandatory: boolean; pushed_at: Iso8601 | null }
