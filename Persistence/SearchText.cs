using System.Globalization;
using System.Text;

namespace ActorMessenger.Persistence;

/// <summary>
/// Words as the search index sees them, for backends without SQLite's FTS5 tokenizer
/// (<c>unicode61 remove_diacritics 2</c>): runs of letters and digits, lower-cased, with the
/// diacritics of Latin letters folded (café → cafe) and every other script left as it is (FTS5
/// keeps й and ё apart from и and е, and so does this). Queries use the same words, so a search
/// finds on every backend what it finds on SQLite.
/// </summary>
public static class SearchText
{
    public const int MaxQueryWords = 8;

    /// <summary>
    /// What a person typed, as words every one of which must appear (as a word or the start of one):
    /// split at white space, only letters and digits kept, at most <see cref="MaxQueryWords"/>.
    /// Quotes and operators are text, never query syntax.
    /// </summary>
    public static IReadOnlyList<string> QueryWords(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return [];
        }

        return [.. input
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => new string([.. w.Where(c => char.IsLetterOrDigit(c))]))
            .Where(w => w.Length > 0)
            .Take(MaxQueryWords)];
    }

    /// <summary>The indexed words of a message text, separated by spaces; null when it has none.</summary>
    public static string? Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = new StringBuilder(text.Length);
        var inWord = false;
        foreach (var rune in Fold(text).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                words.Append(rune.ToString());
                inWord = true;
            }
            else if (inWord)
            {
                words.Append(' ');
                inWord = false;
            }
        }

        var result = words.ToString().TrimEnd();
        return result.Length == 0 ? null : result;
    }

    /// <summary>Lower case, Latin diacritics removed (decomposed, marks dropped), everything else unchanged.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var folded = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            // Latin, Latin-1, Latin Extended A/B and Latin Extended Additional: where FTS5 folds.
            if (c is (>= '\u00C0' and < '\u0250') or (>= '\u1E00' and < '\u1F00'))
            {
                foreach (var part in c.ToString().Normalize(NormalizationForm.FormD))
                {
                    if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
                    {
                        folded.Append(part);
                    }
                }
            }
            else
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }
}
