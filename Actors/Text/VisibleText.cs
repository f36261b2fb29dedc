using System.Globalization;
using System.Text;

namespace ActorMessenger.Actors.Text;

/// <summary>
/// Text that people see: a message must show something, and a name must not reorder the text
/// around it. Bidi overrides and isolates in a name (a file called <c>"invoice\u202Etxt.exe"</c>
/// shows as <c>invoiceexe.txt</c>) are removed; marks that only hint a direction (U+200E, U+200F)
/// stay, since they cannot reorder anything beyond their own run.
/// </summary>
public static class VisibleText
{
    /// <summary>
    /// True when nothing of <paramref name="text"/> can be seen: it is empty or only whitespace,
    /// format characters (zero-width spaces and joiners, direction marks, bidi controls, the byte
    /// order mark, tags), controls, variation selectors and other combining marks without a base,
    /// or the blank-looking fillers (Hangul fillers, the blank braille pattern).
    /// </summary>
    public static bool IsBlank(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A name with every bidi embedding, override and isolate (U+202A–U+202E, U+2066–U+2069) removed, and trimmed.</summary>
    public static string Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.Any(IsBidiControl))
        {
            return name.Trim();
        }

        var kept = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!IsBidiControl(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Trim();
    }

    /// <summary>A name that is blank once neutralised, as <see cref="IsBlank"/> sees it.</summary>
    public static bool IsBlankName(string? name) => name is null || IsBlank(Name(name));

    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsInvisible(Rune rune) =>
        rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
}
