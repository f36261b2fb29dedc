using System.Globalization;

namespace ActorMessenger.Actors.Text;

/// <summary>
/// What a reaction may be: exactly one emoji, as Unicode's emoji specification (UTS #51) builds
/// them — one user-perceived character (grapheme cluster) that is a flag (two regional indicators),
/// a keycap (<c>0-9 # *</c>, U+FE0F, U+20E3), a tag sequence (a subdivision flag such as England's),
/// or emoji joined by U+200D, each with an optional U+FE0F and an optional skin-tone modifier.
/// </summary>
public static class Emoji
{
    /// <summary>Longer than any emoji sequence in use (the longest are about half of it).</summary>
    public const int MaxLength = 32;

    private const int ZeroWidthJoiner = 0x200D;
    private const int EmojiPresentation = 0xFE0F;
    private const int CombiningKeycap = 0x20E3;
    private const int BlackFlag = 0x1F3F4;
    private const int CancelTag = 0xE007F;

    public static bool IsSingleEmoji(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || new StringInfo(text).LengthInTextElements != 1)
        {
            return false;
        }

        var runes = new List<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(rune.Value);
        }

        return IsKeycap(runes) || IsFlag(runes) || IsTagSequence(runes) || IsZwjSequence(runes);
    }

    private static bool IsKeycap(List<int> r) =>
        r.Count is 2 or 3
        && (r[0] is >= '0' and <= '9' || r[0] == '#' || r[0] == '*')
        && r[^1] == CombiningKeycap
        && (r.Count == 2 || r[1] == EmojiPresentation);

    private static bool IsFlag(List<int> r) => r.Count == 2 && IsRegionalIndicator(r[0]) && IsRegionalIndicator(r[1]);

    private static bool IsTagSequence(List<int> r) =>
        r.Count >= 3
        && r[0] == BlackFlag
        && r[^1] == CancelTag
        && r.Skip(1).SkipLast(1).All(c => c is >= 0xE0020 and <= 0xE007E);

    /// <summary>One emoji, or several joined by U+200D; each may carry U+FE0F and a skin tone.</summary>
    private static bool IsZwjSequence(List<int> r)
    {
        var i = 0;
        while (true)
        {
            if (i >= r.Count || !EmojiCodePoints.Contains(r[i]))
            {
                return false;
            }

            i++;
            if (i < r.Count && r[i] == EmojiPresentation)
            {
                i++;
            }

            if (i < r.Count && IsSkinTone(r[i]))
            {
                i++;
            }

            if (i == r.Count)
            {
                return true;
            }

            if (r[i] != ZeroWidthJoiner)
            {
                return false;
            }

            i++;
        }
    }

    private static bool IsRegionalIndicator(int c) => c is >= 0x1F1E6 and <= 0x1F1FF;

    private static bool IsSkinTone(int c) => c is >= 0x1F3FB and <= 0x1F3FF;
}
