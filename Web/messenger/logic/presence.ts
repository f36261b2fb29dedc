import type { Iso8601 } from "../../shared/protocol";

/**
 * The last-seen time to keep after a `user_status`. A time given replaces the old one; an online status
 * without one keeps it; an offline status without one is the server hiding the user's presence (they
 * blocked me), so the old time is no longer shown either.
 */
export function lastSeenAfter(previous: Iso8601 | null | undefined, online: boolean, lastSeen: Iso8601 | null): Iso8601 | null {
  if (lastSeen) return lastSeen;
  return online ? (previous ?? null) : null;
}
