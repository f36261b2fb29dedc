// A member list read in pages (see GET /api/chats/{chatId}/members).
import type { MemberEntry } from "../../shared/protocol";

/**
 * The list so far with the next page after it. Pages are counted by position, so a member who joined or
 * left between two reads can shift the next page by one: someone already listed is not listed twice.
 */
export function appendMembers(listed: readonly MemberEntry[], page: readonly MemberEntry[]): MemberEntry[] {
  const seen = new Set(listed.map((m) => m.userId));
  return [...listed, ...page.filter((m) => !seen.has(m.userId))];
}
