namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// Turns what a person typed into a safe FTS5 query: every word must appear, as a word or the start
/// of one. Quotes and operators in the input are treated as text, never as query syntax.
/// </summary>
public static class FullTextQuery
{
    public const int MaxWords = SearchText.MaxQueryWords;

    public static string? From(string? input)
    {
        var words = SearchText.QueryWords(input);
        return words.Count == 0 ? null : string.Join(' ', words.Select(w => $"\"{w}\"*"));
    }
}
