using Microsoft.Data.Sqlite;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>Reads a running server's database beside it (WAL lets a reader in while the server writes).</summary>
public static class JournalRows
{
    public static long Count(string dataDir, string where = "1 = 1")
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "messenger.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM event_journal WHERE {where};";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Waits until the journal stops growing (late acknowledgements of membership notices).</summary>
    public static async Task<long> Settled(string dataDir)
    {
        var last = -1L;
        while (true)
        {
            var now = Count(dataDir);
            if (now == last)
            {
                return now;
            }

            last = now;
            await Task.Delay(300);
        }
    }
}
