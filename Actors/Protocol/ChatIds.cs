using System.Globalization;

namespace ActorMessenger.Actors.Protocol;

/// <summary>
/// Chat ids are strings, as in the old server. A direct chat's id names its two members, so the
/// same pair always lands on the same chat entity without a lookup.
/// </summary>
public static class ChatIds
{
    private const string DirectPrefix = "dm-";
    public const int MaxLength = 64;

    public static string Direct(int a, int b)
    {
        var (low, high) = a <= b ? (a, b) : (b, a);
        return string.Create(CultureInfo.InvariantCulture, $"{DirectPrefix}{low}-{high}");
    }

    public static bool TryParseDirect(string chatId, out int low, out int high)
    {
        low = high = 0;
        if (!chatId.StartsWith(DirectPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = chatId[DirectPrefix.Length..].Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out high)
            && low > 0 && low <= high
            && Direct(low, high) == chatId;
    }

    public static string NewGroup() => "g-" + Guid.NewGuid().ToString("N");

    public static string NewChannel() => "c-" + Guid.NewGuid().ToString("N");

    /// <summary>Well-formed ids only: they become persistence ids and file names later.</summary>
    public static bool IsWellFormed(string? chatId) =>
        !string.IsNullOrEmpty(chatId)
        && chatId.Length <= MaxLength
        && chatId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
