using ActorMessenger.Persistence;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Tests.Abuse.Fuzz;

/// <summary>What a SQLite data directory holds, read beside the running server (read-only, WAL readers).</summary>
internal sealed record StoredFigures(long LastOrdering, long Messages)
{
    public static StoredFigures Read(string dataDir) => new(
        Scalar(dataDir, DataDirectory.JournalFileName, "SELECT COALESCE(MAX(ordering), 0) FROM event_journal"),
        Scalar(dataDir, DataDirectory.ReadModelFileName, "SELECT COUNT(*) FROM chat_history"));

    /// <summary>The events journaled after <paramref name="ordering"/>, counted by manifest.</summary>
    public static Dictionary<string, int> EventsSince(string dataDir, long ordering)
    {
        using var connection = Open(dataDir, DataDirectory.JournalFileName);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, COUNT(*) FROM event_journal WHERE ordering > $ordering GROUP BY manifest";
        command.Parameters.AddWithValue("$ordering", ordering);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.IsDBNull(0) ? "" : reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    private static long Scalar(string dataDir, string file, string sql)
    {
        using var connection = Open(dataDir, file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string dataDir, string file)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, file)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
