using Akka.Actor.Setup;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// How the journal and snapshot store open their SQLite connections. Every connection gets a busy
/// timeout: the journal, the snapshot store and the history writer share one file, and without it a
/// writer that finds the file locked falls back to Microsoft.Data.Sqlite's retry loop, which sleeps
/// 150 ms between attempts — a latency spike for every message behind it.
/// </summary>
public static class SqliteJournalConnections
{
    public const int BusyTimeoutMs = 30_000;

    public static Setup Setup(string connectionString) => new DataOptionsSetup(
        new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseAfterConnectionOpened(
                connection => Configure(connection),
                (connection, _) =>
                {
                    Configure(connection);
                    return Task.CompletedTask;
                }));

    /// <summary>The per-connection settings every messenger connection to the database uses.</summary>
    public static void Configure(System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMs};";
        pragma.ExecuteNonQuery();
        if (connection is SqliteConnection sqlite)
        {
            // Waiting is left to SQLite's own busy handler, which retries within milliseconds.
            sqlite.DefaultTimeout = BusyTimeoutMs / 1000;
        }
    }
}
