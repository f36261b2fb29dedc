using ActorMessenger.Persistence.Serialization;
using Microsoft.Data.Sqlite;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.DirectoryEvents;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// Online copies of the three SQLite files through SQLite's backup API, and their check and swap on
/// restore. Each copy is one read transaction on its source: in WAL mode the writers go on meanwhile,
/// and the copy is the file as of that transaction's start.
/// </summary>
/// <remarks>
/// The files are copied one after another, so each is a little newer than the one before. The order
/// makes the newer ones hold whatever the older ones point to:
/// <list type="number">
/// <item>Snapshots first. A chat's snapshot keeps every message the read model had not yet confirmed
/// when it was taken; the read model copied after it has confirmed at least as much. A snapshot copied
/// after the journal could hold messages the journal copy lacks.</item>
/// <item>The read model next: it may lag the journal (a chat asks the store how far it got when it
/// starts and re-projects the rest from its snapshot and journal), but must never be ahead of it.</item>
/// <item>The journal last: it holds every event the snapshots and the read model were built from.</item>
/// <item>Then the attachment metadata (in the read model's file, with no other copy) is brought up to
/// date in the copy: a message in the journal copy may name a file uploaded after the read model was
/// copied (with a grant to its upload chat; the restored chats project their messages' references). The attachments' bytes are copied after this returns, and a file is written before its row.</item>
/// </list>
/// </remarks>
public sealed class SqliteDataBackup(SqliteDatabase database) : IDataBackup
{
    /// <summary>Tables a restorable copy must hold, per file.</summary>
    private static readonly (string File, string[] Tables)[] ExpectedTables =
    [
        (DataDirectory.JournalFileName, ["event_journal"]),
        (DataDirectory.SnapshotFileName, ["snapshot"]),
        (DataDirectory.ReadModelFileName, ["chat_history", "chat_updates", "message_search", "chat_catalog", "attachments"]),
    ];

    public string Storage => "sqlite";

    public async Task<DatabaseCopy> CopyAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);

        // The order is the consistency argument above; do not change it without that.
        (string Source, string Name)[] order =
        [
            (database.SnapshotConnectionString, DataDirectory.SnapshotFileName),
            (database.ReadModelConnectionString, DataDirectory.ReadModelFileName),
            (database.JournalConnectionString, DataDirectory.JournalFileName),
        ];
        foreach (var (source, name) in order)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The copy holds a read transaction for its whole length: off the caller's thread.
            await Task.Run(() => Copy(source, Path.Combine(folder, name)), cancellationToken).ConfigureAwait(false);
        }

        var readModel = Path.Combine(folder, DataDirectory.ReadModelFileName);
        await Task.Run(() => TopUpAttachments(readModel), cancellationToken).ConfigureAwait(false);
        return new DatabaseCopy([.. order.Select(o => o.Name)], Count(folder));
    }

    public string? Check(string folder)
    {
        foreach (var (file, tables) in ExpectedTables)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                return $"The backup lacks {file}.";
            }

            try
            {
                using var connection = OpenCopy(path, SqliteOpenMode.ReadOnly);
                var verdict = Scalar(connection, "PRAGMA integrity_check;")?.ToString();
                if (verdict != "ok")
                {
                    return $"{file} in the backup is damaged (integrity check: {verdict}).";
                }

                var missing = tables.Where(t => Scalar(connection, $"SELECT count(*) FROM sqlite_master WHERE name = '{t}';") is 0L).ToList();
                if (missing.Count > 0)
                {
                    return $"{file} in the backup lacks the table {string.Join(", ", missing)}: it is not a messenger database.";
                }
            }
            catch (SqliteException ex)
            {
                return $"{file} in the backup is not a readable SQLite database ({ex.Message.TrimEnd('.')}).";
            }
        }

        return null;
    }

    public void Replace(string folder, string aside)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(aside);
        SqliteConnection.ClearAllPools();
        var moved = new List<(string From, string To)>();
        try
        {
            foreach (var live in new[] { database.JournalFile, database.SnapshotFile, database.ReadModelFile })
            {
                // A log or shared-memory file left beside a restored database would be replayed into it.
                foreach (var part in new[] { live, live + "-wal", live + "-shm", live + "-journal" }.Where(File.Exists))
                {
                    Directory.CreateDirectory(aside);
                    Move(part, Path.Combine(aside, Path.GetFileName(part)), moved);
                }
            }

            foreach (var live in new[] { database.JournalFile, database.SnapshotFile, database.ReadModelFile })
            {
                Move(Path.Combine(folder, Path.GetFileName(live)), live, moved);
            }
        }
        catch
        {
            foreach (var (from, to) in Enumerable.Reverse(moved))
            {
                File.Move(to, from);
            }

            throw;
        }
    }

    private static void Move(string from, string to, List<(string From, string To)> moved)
    {
        File.Move(from, to);
        moved.Add((from, to));
    }

    private static void Copy(string sourceConnectionString, string target)
    {
        // Connections of their own, out of the pool: the files must be closed before they are zipped.
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder(sourceConnectionString) { Pooling = false }.ToString());
        source.Open();
        SqliteJournalConnections.Configure(source);
        using (var copy = OpenCopy(target, SqliteOpenMode.ReadWriteCreate))
        {
            source.BackupDatabase(copy);

            // A plain single file: opens anywhere (read-only too) with no log beside it.
            Execute(copy, "PRAGMA journal_mode=DELETE;");
        }
    }

    private void TopUpAttachments(string readModelCopy)
    {
        using var copy = OpenCopy(readModelCopy, SqliteOpenMode.ReadWrite);
        using var attach = copy.CreateCommand();
        attach.CommandText = "ATTACH DATABASE $live AS live;";
        attach.Parameters.AddWithValue("$live", database.ReadModelFile);
        attach.ExecuteNonQuery();
        Execute(copy, """
            PRAGMA busy_timeout = 30000;
            INSERT OR IGNORE INTO main.attachment_refs (file_id, chat_id, seq)
            SELECT id, chat_id, 0 FROM live.attachments WHERE id NOT IN (SELECT id FROM main.attachments);
            INSERT OR IGNORE INTO main.attachments (id, chat_id, uploader_id, name, size, content_type, created_at)
            SELECT id, chat_id, uploader_id, name, size, content_type, created_at FROM live.attachments;
            """);
        Execute(copy, "DETACH DATABASE live;");
    }

    private static Dictionary<string, long> Count(string folder)
    {
        using var journal = OpenCopy(Path.Combine(folder, DataDirectory.JournalFileName), SqliteOpenMode.ReadOnly);
        using var readModel = OpenCopy(Path.Combine(folder, DataDirectory.ReadModelFileName), SqliteOpenMode.ReadOnly);
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["events"] = CountOf(journal, "SELECT count(*) FROM event_journal;"),
            ["users"] = CountOf(journal, $"SELECT count(*) FROM event_journal WHERE manifest = '{PersistedManifests.ByType[typeof(UserRegistered)]}';"),
            ["chats"] = CountOf(journal, $"SELECT count(*) FROM event_journal WHERE manifest = '{PersistedManifests.ByType[typeof(ChatCreated)]}';"),
            ["messages"] = CountOf(journal, $"SELECT count(*) FROM event_journal WHERE manifest = '{PersistedManifests.ByType[typeof(MessagePosted)]}';"),
            ["attachments"] = CountOf(readModel, "SELECT count(*) FROM attachments;"),
        };
    }

    private static long CountOf(SqliteConnection connection, string sql) => Scalar(connection, sql) is long n ? n : 0;

    private static SqliteConnection OpenCopy(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
