import { hue, initials } from "./format";

const isEmojiAvatar = (emoji?: string | null): boolean => !!emoji && emoji.length <= 16 && !/^[\w./:-]+$/.test(emoji);

/** What an avatar shows as text (initials), or null for an emoji: a button showing it must say it in its name. */
export const avatarText = (name: string, emoji?: string | null): string | null => (isEmojiAvatar(emoji) ? null : initials(name));

/** An emoji avatar, or coloured initials; the dot shows presence. */
export function Avatar({ name, seed, emoji, online, size = 40 }: { name: string; seed: string; emoji?: string | null; online?: boolean; size?: number }) {
  const isEmoji = isEmojiAvatar(emoji);
  return (
    <span class="avatar" aria-hidden="true" style={{ width: `${size}px`, height: `${size}px`, background: `hsl(${hue(seed)} 45% 30%)`, fontSize: `${Math.round(size * (isEmoji ? 0.55 : 0.4))}px` }}>
      {isEmoji ? emoji : initials(name)}
      {online && <span class="online-dot" />}
    </span>
  );
}
