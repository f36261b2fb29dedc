using System.Globalization;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// <see cref="IJournalRedactor"/> on the SQLite files. It follows the journal by its <c>ordering</c>
/// column (the last ordering it looked at is kept in <c>redaction_progress</c> in the journal file),
/// rewrites the events and snapshots of edited and deleted messages with the content left out, and
/// truncates the write-ahead logs. Every connection of the server runs with
/// <c>secure_delete</c> (see <see cref="SqliteJournalConnections.Configure"/>), so a rewritten or
/// deleted row's old bytes are overwritten in the database file, not left in free space; the search
/// index deletes its entries in place (FTS5 <c>secure-delete</c>).
/// </summary>
public sealed class SqliteJournalRedactor(SqliteDatabase database) : JournalRedactorBase
{
    /// <summary>In the journal file, beside Akka's tables.</summary>
    public const string ProgressSchema = "CREATE TABLE IF NOT EXISTS redaction_progress (id INTEGER PRIMARY KEY CHECK (id = 1), journal_ordering INTEGER NOT NULL);";

    // Akka.Persistence.Sql's table mapping "sqlite" (see PersistenceHocon).
    private const string Journal = "event_journal";
    private const string Snapshots = "snapshot";

    protected override (long From, long Top)? JournalRange()
    {
        using var journal = database.OpenJournal();
        if (!TableExists(journal, Journal))
        {
            return null;
        }

        return (Scalar(journal, "SELECT COALESCE((SELECT journal_ordering FROM redaction_progress WHERE id = 1), 0);"),
                Scalar(journal, $"SELECT COALESCE(MAX(ordering), 0) FROM {Journal};"));
    }

    protected override List<FoundChange> FindChanges(long from, long top)
    {
        using var journal = database.OpenJournal();
        using var find = journal.CreateCommand();
        find.CommandText = $"""
            SELECT persistence_id, sequence_nr, json_extract(CAST(payload AS TEXT), '$.message.seq') FROM {Journal}
            WHERE ordering > $from AND ordering <= $top AND manifest = $changed
              AND json_extract(CAST(payload AS TEXT), '$.change') IN ($edited, $deleted);
            """;
        find.Parameters.AddWithValue("$from", from);
        find.Parameters.AddWithValue("$top", top);
        find.Parameters.AddWithValue("$changed", ChangedManifest);
        find.Parameters.AddWithValue("$edited", UpdateTypes.MessageEdited);
        find.Parameters.AddWithValue("$deleted", UpdateTypes.MessageDeleted);
        var changes = new List<FoundChange>();
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            changes.Add(new FoundChange(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return changes;
    }

    protected override List<(string PersistenceId, long SequenceNr)> FindClears(long from, long top)
    {
        using var journal = database.OpenJournal();
        using var findClears = journal.CreateCommand();
        findClears.CommandText = $"SELECT persistence_id, sequence_nr FROM {Journal} WHERE ordering > $from AND ordering <= $top AND manifest = $cleared;";
        findClears.Parameters.AddWithValue("$from", from);
        findClears.Parameters.AddWithValue("$top", top);
        findClears.Parameters.AddWithValue("$cleared", ClearedManifest);
        var clears = new List<(string, long)>();
        using var clearsFound = findClears.ExecuteReader();
        while (clearsFound.Read())
        {
            clears.Add((clearsFound.GetString(0), clearsFound.GetInt64(1)));
        }

        return clears;
    }

    protected override void SaveProgress(long top)
    {
        using var journal = database.OpenJournal();
        using var progress = journal.CreateCommand();
        progress.CommandText = "INSERT OR REPLACE INTO redaction_progress (id, journal_ordering) VALUES (1, $top);";
        progress.Parameters.AddWithValue("$top", top);
        progress.ExecuteNonQuery();
    }

    protected override List<string> ChatPersistenceIds(CancellationToken cancellationToken)
    {
        using var journal = database.OpenJournal();
        var ids = new List<string>();
        if (TableExists(journal, Journal))
        {
            using var find = journal.CreateCommand();
            find.CommandText = $"SELECT DISTINCT persistence_id FROM {Journal} WHERE persistence_id LIKE '{ChatPrefix}%';";
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                ids.Add(reader.GetString(0));
            }
        }

        return ids;
    }

    protected override void Rebuild(CancellationToken cancellationToken)
    {
        // VACUUM writes the whole rebuilt file through the log; the truncation then lets both shrink.
        foreach (var open in new Func<SqliteConnection>[] { database.OpenJournal, database.OpenSnapshots, database.Open })
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = open();
            using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM;";
            vacuum.ExecuteNonQuery();
        }
    }

    public override Task<bool> TruncateLogsAsync(CancellationToken cancellationToken = default)
    {
        var done = true;
        foreach (var connectionString in new[] { database.JournalConnectionString, database.SnapshotConnectionString, database.ReadModelConnectionString })
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var checkpointer = new WalCheckpointer(connectionString);
            done &= !checkpointer.Truncate().Busy;
        }

        return Task.FromResult(done);
    }

    protected override List<EventRow> ReadEvents(string persistenceId, long fromSequenceNr, long beforeSequenceNr, IReadOnlyCollection<long>? seqs, CancellationToken cancellationToken)
    {
        using var journal = database.OpenJournal();
        var rows = new List<EventRow>();
        if (!TableExists(journal, Journal))
        {
            return rows;
        }

        using var find = journal.CreateCommand();
        find.CommandText = $"""
            SELECT ordering, sequence_nr, manifest, payload FROM {Journal}
            WHERE persistence_id = $pid AND sequence_nr >= $from AND sequence_nr < $before AND manifest IN ($posted, $changed)
            {(seqs is null ? string.Empty : "AND json_extract(CAST(payload AS TEXT), '$.message.seq') IN (SELECT value FROM json_each($seqs))")};
            """;
        find.Parameters.AddWithValue("$pid", persistenceId);
        find.Parameters.AddWithValue("$from", fromSequenceNr);
        find.Parameters.AddWithValue("$before", beforeSequenceNr);
        find.Parameters.AddWithValue("$posted", PostedManifest);
        find.Parameters.AddWithValue("$changed", ChangedManifest);
        if (seqs is not null)
        {
            find.Parameters.AddWithValue("$seqs", JsonSerializer.Serialize(seqs));
        }

        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(new EventRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), (byte[])reader.GetValue(3)));
        }

        return rows;
    }

    protected override void RewriteEvents(List<(long Key, byte[] Payload)> rows)
    {
        using var journal = database.OpenJournal();
        Rewrite(journal, $"UPDATE {Journal} SET payload = $payload WHERE ordering = $key;", rows);
    }

    protected override List<(long SequenceNr, byte[] Payload)> ReadSnapshots(string persistenceId, long beforeSequenceNr, CancellationToken cancellationToken)
    {
        using var snapshots = database.OpenSnapshots();
        var rows = new List<(long, byte[])>();
        if (!TableExists(snapshots, Snapshots))
        {
            return rows;
        }

        using var find = snapshots.CreateCommand();
        find.CommandText = $"SELECT sequence_nr, payload FROM {Snapshots} WHERE persistence_id = $pid AND sequence_nr < $before AND manifest = $manifest;";
        find.Parameters.AddWithValue("$pid", persistenceId);
        find.Parameters.AddWithValue("$before", beforeSequenceNr);
        find.Parameters.AddWithValue("$manifest", SnapshotManifest);
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
        }

        return rows;
    }

    protected override void RewriteSnapshots(string persistenceId, List<(long Key, byte[] Payload)> rows)
    {
        using var snapshots = database.OpenSnapshots();
        Rewrite(snapshots, $"UPDATE {Snapshots} SET payload = $payload WHERE persistence_id = $pid AND sequence_nr = $key;", rows, ("$pid", persistenceId));
    }

    /// <summary>Writes the new payloads in one transaction, keyed by <c>$key</c>; read first, so the file's one writer waits only for this.</summary>
    private static void Rewrite(SqliteConnection connection, string sql, List<(long Key, byte[] Payload)> rows, params (string Name, object Value)[] fixedParameters)
    {
        using var tx = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText = sql;
        foreach (var (name, value) in fixedParameters)
        {
            update.Parameters.AddWithValue(name, value);
        }

        var payload = update.Parameters.Add("$payload", SqliteType.Blob);
        var key = update.Parameters.Add("$key", SqliteType.Integer);
        foreach (var row in rows)
        {
            payload.Value = row.Payload;
            key.Value = row.Key;
            update.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private static bool TableExists(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
