namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// Turns what a person typed into a safe FTS5 query: every word must appear, as a word or the start
/// of one. Quotes and operators in the input are treated as text, never as query syntax.
/// </summary>
public static class FullTextQuery
{
    public const int MaxWords = 8;

    public static string? From(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var words = input
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => new string([.. w.Where(c => char.IsLetterOrDigit(c))]))
            .Where(w => w.Length > 0)
            .Take(MaxWords)
            .ToList();
        return words.Count == 0 ? null : string.Join(' ', words.Select(w => $"\"{w}\"*"));
    }
}
