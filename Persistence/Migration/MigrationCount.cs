using System.Globalization;

namespace ActorMessenger.Persistence.Migration;

/// <summary>One thing a migration counts on both sides: rows of a table, files, bytes.</summary>
public sealed record MigrationCount(string What, long Source, long Target)
{
    public bool Matches => Source == Target;

    /// <summary>
    /// One sentence naming every count that differs (what, how many in SQLite, how many in PostgreSQL),
    /// or null when all match.
    /// </summary>
    public static string? Differences(IEnumerable<MigrationCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var differing = counts.Where(c => !c.Matches).ToList();
        return differing.Count == 0
            ? null
            : "The copy does not match the original: " + string.Join(
                "; ",
                differing.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.What}: {c.Source} in SQLite, {c.Target} in PostgreSQL"))) + ".";
    }
}

/// <summary>A migration that did not happen; the message says why and what to do. Nothing was written.</summary>
public sealed class MigrationRefusedException(string message, Exception? inner = null) : Exception(message, inner);
