// The admin API's calls, over the shared REST client (bearer token, errors as MessengerError).
import type { RestClient } from "../shared/api";
import type { UserId } from "../shared/protocol";
import type {
  AccountAnswer, AdminLive, ClusterView, AdminMessage, AdminStats, AuditPage, BackupInfo, BackupStatus, ServerStatus, StopAnswer,
  UpdateAnswer, UpdateNotice, UsersPage,
} from "./contracts";

export class AdminApi {
  constructor(
    private readonly rest: RestClient,
    private readonly token: () => string | null,
  ) {}

  stats() {
    return this.rest.call<AdminStats>("GET", "/admin/stats");
  }
  live() {
    return this.rest.call<AdminLive>("GET", "/admin/live");
  }
  messages() {
    return this.rest.call<{ messages: AdminMessage[] }>("GET", "/admin/messages");
  }
  users(q: string, offset: number, limit: number) {
    const p = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    if (q.trim()) p.set("q", q.trim());
    return this.rest.call<UsersPage>("GET", `/admin/users?${p}`);
  }
  block(id: UserId, blocked: boolean) {
    return this.rest.call<AccountAnswer>("POST", `/admin/users/${id}/${blocked ? "block" : "unblock"}`);
  }
  setRole(id: UserId, role: "admin" | "user") {
    return this.rest.call<AccountAnswer>("POST", `/admin/users/${id}/role`, { role });
  }
  deleteUser(id: UserId) {
    return this.rest.call<AccountAnswer & { leftChats: number }>("DELETE", `/admin/users/${id}`);
  }
  audit(before?: number) {
    const p = new URLSearchParams({ limit: "50" });
    if (before !== undefined) p.set("before", String(before));
    return this.rest.call<AuditPage>("GET", `/admin/audit?${p}`);
  }
  backups() {
    return this.rest.call<{ success: true; folder: string; backups: BackupInfo[] }>("GET", "/admin/backups");
  }
  backupStatus() {
    return this.rest.call<BackupStatus>("GET", "/admin/backups/current");
  }
  createBackup() {
    return this.rest.call<{ success: true; name: string; size: number; createdAt: string }>("POST", "/admin/backup");
  }
  deleteBackup(name: string) {
    return this.rest.call<{ success: true; name: string }>("DELETE", `/admin/backups/${encodeURIComponent(name)}`);
  }
  /** A plain link for a download: the token rides as `access_token`, as the server allows for backups. */
  backupUrl(name: string): string {
    return `/admin/backups/${encodeURIComponent(name)}?access_token=${encodeURIComponent(this.token() ?? "")}`;
  }
  serverStatus() {
    return this.rest.call<ServerStatus>("GET", "/admin/server/status");
  }
  cluster() {
    return this.rest.call<ClusterView>("GET", "/admin/cluster");
  }
  /** That node stops gracefully: its clients reconnect elsewhere, its shards move, its process exits. */
  leaveCluster(address: string) {
    return this.rest.call<{ success: true; address: string; alreadyLeaving: boolean }>("POST", "/admin/cluster/leave", { address });
  }
  stopServer(action: "restart" | "shutdown") {
    return this.rest.call<StopAnswer>("POST", `/admin/server/${action}`);
  }
  /** Every chat's history, for good; the body is the server's own check that the admin confirmed. */
  clearMessages() {
    return this.rest.call<{ success: true; chats: number; messages: number; compacted: boolean }>("POST", "/admin/clear-messages", { confirm: "clear-all-messages" });
  }
  currentUpdate() {
    return this.rest.call<UpdateAnswer>("GET", "/api/update/check");
  }
  pushUpdate(notice: UpdateNotice) {
    return this.rest.call<UpdateAnswer>("POST", "/admin/update/push", notice);
  }
  cancelUpdate() {
    return this.rest.call<{ success: true; cancelled: string | null }>("POST", "/admin/update/cancel");
  }
}
