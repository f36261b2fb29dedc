using ActorMessenger.Actors.Protocol;
using Npgsql;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// <see cref="IJournalRedactor"/> on PostgreSQL (Akka's <c>default</c> table mapping: <c>journal</c>
/// with <c>message</c>, <c>snapshot</c> with <c>snapshot</c>). Rewritten rows leave dead row versions
/// behind until PostgreSQL vacuums them; <see cref="JournalRedactorBase.CompactAsync"/> vacuums at once.
/// </summary>
public sealed class PostgresJournalRedactor(PostgresDatabase database) : JournalRedactorBase
{
    protected override (long From, long Top)? JournalRange()
    {
        using var connection = database.OpenConnection();
        return (Long(connection, "SELECT COALESCE((SELECT journal_ordering FROM redaction_progress WHERE id = 1), 0);"),
                Long(connection, "SELECT COALESCE(MAX(ordering), 0) FROM journal;"));
    }

    protected override List<FoundChange> FindChanges(long from, long top)
    {
        using var connection = database.OpenConnection();
        using var find = Command(
            connection,
            """
            SELECT persistence_id, sequence_number, (convert_from(message, 'UTF8')::jsonb #>> '{message,seq}')::bigint FROM journal
            WHERE ordering > @from AND ordering <= @top AND manifest = @changed
              AND convert_from(message, 'UTF8')::jsonb ->> 'change' IN (@edited, @deleted);
            """,
            ("from", from),
            ("top", top),
            ("changed", ChangedManifest),
            ("edited", UpdateTypes.MessageEdited),
            ("deleted", UpdateTypes.MessageDeleted));
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
        using var connection = database.OpenConnection();
        using var find = Command(connection, "SELECT persistence_id, sequence_number FROM journal WHERE ordering > @from AND ordering <= @top AND manifest = @cleared;", ("from", from), ("top", top), ("cleared", ClearedManifest));
        var clears = new List<(string, long)>();
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            clears.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return clears;
    }

    protected override void SaveProgress(long top)
    {
        using var connection = database.OpenConnection();
        using var save = Command(connection, "INSERT INTO redaction_progress (id, journal_ordering) VALUES (1, @top) ON CONFLICT (id) DO UPDATE SET journal_ordering = excluded.journal_ordering;", ("top", top));
        save.ExecuteNonQuery();
    }

    protected override List<string> ChatPersistenceIds(CancellationToken cancellationToken)
    {
        using var connection = database.OpenConnection();
        using var find = Command(connection, $"SELECT DISTINCT persistence_id FROM journal WHERE persistence_id LIKE '{ChatPrefix}%';");
        var ids = new List<string>();
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    protected override List<EventRow> ReadEvents(string persistenceId, long fromSequenceNr, long beforeSequenceNr, IReadOnlyCollection<long>? seqs, CancellationToken cancellationToken)
    {
        using var connection = database.OpenConnection();
        using var find = Command(
            connection,
            $"""
            SELECT ordering, sequence_number, manifest, message FROM journal
            WHERE persistence_id = @pid AND sequence_number >= @from AND sequence_number < @before AND manifest IN (@posted, @changed)
            {(seqs is null ? string.Empty : "AND (convert_from(message, 'UTF8')::jsonb #>> '{message,seq}')::bigint = ANY(@seqs)")};
            """,
            ("pid", persistenceId),
            ("from", fromSequenceNr),
            ("before", beforeSequenceNr),
            ("posted", PostedManifest),
            ("changed", ChangedManifest),
            ("seqs", (seqs ?? []).ToArray()));
        var rows = new List<EventRow>();
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(new EventRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), (byte[])reader.GetValue(3)));
        }

        return rows;
    }

    protected override void RewriteEvents(List<(long Key, byte[] Payload)> rows) =>
        Rewrite("UPDATE journal SET message = @payload WHERE ordering = @key;", rows);

    protected override List<(long SequenceNr, byte[] Payload)> ReadSnapshots(string persistenceId, long beforeSequenceNr, CancellationToken cancellationToken)
    {
        using var connection = database.OpenConnection();
        using var find = Command(connection, "SELECT sequence_number, snapshot FROM snapshot WHERE persistence_id = @pid AND sequence_number < @before AND manifest = @manifest;", ("pid", persistenceId), ("before", beforeSequenceNr), ("manifest", SnapshotManifest));
        var rows = new List<(long, byte[])>();
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
        }

        return rows;
    }

    protected override void RewriteSnapshots(string persistenceId, List<(long Key, byte[] Payload)> rows) =>
        Rewrite("UPDATE snapshot SET snapshot = @payload WHERE persistence_id = @pid AND sequence_number = @key;", rows, ("pid", persistenceId));

    /// <summary>PostgreSQL has no log of ours to truncate: its write-ahead log is recycled by the server.</summary>
    public override Task<bool> TruncateLogsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    protected override void Rebuild(CancellationToken cancellationToken)
    {
        using var connection = database.OpenConnection();
        foreach (var table in new[] { "journal", "snapshot", "chat_history", "chat_updates", "attachment_bytes" })
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var vacuum = Command(connection, $"VACUUM {table};");
            vacuum.ExecuteNonQuery();
        }
    }

    private void Rewrite(string sql, List<(long Key, byte[] Payload)> rows, params (string Name, object Value)[] fixedParameters)
    {
        using var connection = database.OpenConnection();
        using var tx = connection.BeginTransaction();
        foreach (var (key, payload) in rows)
        {
            using var update = Command(connection, sql, [.. fixedParameters, ("payload", payload), ("key", key)]);
            update.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private static long Long(NpgsqlConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
