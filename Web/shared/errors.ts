// Error codes of docs/protocol.md and how a REST or hub failure becomes one.

export const ERROR_CODES = [
  "invalid_request", "malformed_json", "empty_text", "text_too_long", "unsupported_type",
  "invalid_client_id", "invalid_chat_id", "invalid_sequence", "invalid_emoji", "invalid_title",
  "invalid_role", "invalid_attachment", "invalid_query", "invalid_invite", "too_many_members",
  "message_deleted", "not_found", "file_too_large", "invalid_username", "invalid_password",
  "invalid_full_name", "unauthorized", "invalid_credentials", "forbidden", "not_member",
  "identity_mismatch", "unknown_user", "unknown_chat", "username_taken", "rate_limited",
  "unavailable", "internal_error", "invite_required", "invite_revoked", "invite_expired", "invite_used_up",
  "account_blocked", "invalid_backup_name", "backup_in_progress", "backup_failed", "confirmation_required",
  "registration_closed", "quota_exceeded", "too_many_connections", "insufficient_storage",
  "blocked", "privacy_restricted",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes the client makes itself: the network is down, or the server answered something unexpected. */
export type ClientErrorCode = "network" | "aborted" | "unknown";

/** A refusal with the server's code (or the client's own), and the server's English text. */
export class MessengerError extends Error {
  constructor(
    readonly code: ErrorCode | ClientErrorCode | string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = "MessengerError";
  }
}

/** The hub error text ends with `HubException: <code>: <text>`; the code is the word after it. */
export function hubErrorCode(message: string): { code: string; text: string } | null {
  const match = /HubException: ([a-z_]+): ?([\s\S]*)$/.exec(message);
  return match ? { code: match[1]!, text: match[2]!.trim() } : null;
}

export function toMessengerError(error: unknown): MessengerError {
  if (error instanceof MessengerError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const parsed = hubErrorCode(text);
  if (parsed) return new MessengerError(parsed.code, parsed.text);
  if (/connection|disconnected|not in the 'Connected' State|WebSocket|Failed to fetch|NetworkError/i.test(text)) {
    return new MessengerError("network", text);
  }
  return new MessengerError("unknown", text);
}

/** Whether sending again later (with the same clientId) may succeed. */
export function isRetryable(error: MessengerError): boolean {
  return error.code === "network" || error.code === "unavailable" || error.code === "internal_error";
}
