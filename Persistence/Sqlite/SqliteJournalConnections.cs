using Akka.Actor.Setup;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// How the journal, its queries and the snapshot store open their SQLite connections: each plugin
/// to its own file (see <see cref="SqliteDatabase"/>), and every connection with a busy timeout —
/// without it a writer that finds the file locked (a checkpoint, a backup, a reader upgrading)
/// falls back to Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms between attempts.
/// </summary>
public static class SqliteJournalConnections
{
    public const int BusyTimeoutMs = 30_000;

    /// <param name="database">The data directory's files.</param>
    /// <param name="checkpointedElsewhere">
    /// A <see cref="WalCheckpointer"/> runs for the journal (the server's case): its writers leave
    /// checkpoints to it instead of doing them inside a commit.
    /// </param>
    public static Setup Setup(SqliteDatabase database, bool checkpointedElsewhere)
    {
        ArgumentNullException.ThrowIfNull(database);
        var setup = new MultiDataOptionsSetup();
        var journal = OptionsFor(database.JournalConnectionString, autoCheckpoint: !checkpointedElsewhere);
        setup.AddDataOptions("akka.persistence.journal.sql", journal);
        setup.AddDataOptions("akka.persistence.query.journal.sql", journal);
        setup.AddDataOptions("akka.persistence.snapshot-store.sql", OptionsFor(database.SnapshotConnectionString));
        return setup;
    }

    private static DataOptions OptionsFor(string connectionString, bool autoCheckpoint = true) => new DataOptions()
        .UseConnectionString(ProviderName.SQLiteMS, connectionString)
        .UseAfterConnectionOpened(
            connection => Configure(connection, autoCheckpoint: autoCheckpoint),
            (connection, _) =>
            {
                Configure(connection, autoCheckpoint: autoCheckpoint);
                return Task.CompletedTask;
            });

    /// <summary>
    /// The per-connection settings every messenger connection to the database uses, in one command:
    /// the busy timeout; whether a commit waits for the disk (only the history projection, which can
    /// be rebuilt from the journal, does not); and temporary storage in memory (a multi-row insert's
    /// statement journal otherwise spills to a temp file on every journal transaction); and, where a
    /// <see cref="WalCheckpointer"/> runs, no checkpoint inside a commit; and <c>secure_delete</c>, so
    /// that a deleted or rewritten row's bytes are overwritten, not left in free space (deleted and
    /// edited messages must leave the files; see <see cref="SqliteJournalRedactor"/>). Pooled connections keep
    /// what they were set to, so every setting is given every time, the default ones too.
    /// </summary>
    public static void Configure(System.Data.Common.DbConnection connection, bool waitForDisk = true, bool autoCheckpoint = true)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous={(waitForDisk ? "FULL" : "NORMAL")}; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint={(autoCheckpoint ? 1000 : 0)}; PRAGMA secure_delete=ON;";
        pragma.ExecuteNonQuery();
        if (connection is SqliteConnection sqlite)
        {
            // Waiting is left to SQLite's own busy handler, which retries within milliseconds.
            sqlite.DefaultTimeout = BusyTimeoutMs / 1000;
        }
    }
}
