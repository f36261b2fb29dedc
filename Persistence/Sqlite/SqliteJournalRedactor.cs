using System.Globalization;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Serialization;
using Microsoft.Data.Sqlite;
using static ActorMessenger.Actors.Protocol.ChatEvents;

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
public sealed class SqliteJournalRedactor(SqliteDatabase database) : IJournalRedactor, IDisposable
{
    /// <summary>In the journal file, beside Akka's tables.</summary>
    public const string ProgressSchema = "CREATE TABLE IF NOT EXISTS redaction_progress (id INTEGER PRIMARY KEY CHECK (id = 1), journal_ordering INTEGER NOT NULL);";

    // Akka.Persistence.Sql's table mapping "sqlite" (see PersistenceHocon).
    private const string Journal = "event_journal";
    private const string Snapshots = "snapshot";

    private static readonly string PostedManifest = PersistedManifests.ByType[typeof(MessagePosted)];
    private static readonly string ChangedManifest = PersistedManifests.ByType[typeof(MessageChanged)];
    private static readonly string SnapshotManifest = PersistedManifests.ByType[typeof(ChatSnapshot)];
    private static readonly string ClearedManifest = PersistedManifests.ByType[typeof(HistoryCleared)];

    private const string ChatPrefix = "chat-";

    private readonly List<Recheck> _recheck = [];

    // Rounds whose logs are still to be truncated: the one that found a change and the next (which
    // also catches what the history projection wrote a moment later), whoever ran the round.
    private int _truncationsDue;

    // The server's rounds and an admin's clear may ask at once; one round at a time keeps the progress and the rechecks right.
    private readonly SemaphoreSlim _round = new(1, 1);

    public void Dispose() => _round.Dispose();

    public async Task<int> RedactNewChangesAsync(CancellationToken cancellationToken = default)
    {
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RoundAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        List<(string PersistenceId, long SequenceNr, long Seq)> changes = [];
        List<(string PersistenceId, long SequenceNr)> clears = [];
        long top;
        using (var journal = database.OpenJournal())
        {
            if (!TableExists(journal, Journal))
            {
                return 0;
            }

            var from = Scalar(journal, "SELECT COALESCE((SELECT journal_ordering FROM redaction_progress WHERE id = 1), 0);");
            top = Scalar(journal, $"SELECT COALESCE(MAX(ordering), 0) FROM {Journal};");
            if (top <= from && _recheck.Count == 0)
            {
                return 0;
            }

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
            using (var reader = find.ExecuteReader())
            {
                while (reader.Read())
                {
                    changes.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            using var findClears = journal.CreateCommand();
            findClears.CommandText = $"SELECT persistence_id, sequence_nr FROM {Journal} WHERE ordering > $from AND ordering <= $top AND manifest = $cleared;";
            findClears.Parameters.AddWithValue("$from", from);
            findClears.Parameters.AddWithValue("$top", top);
            findClears.Parameters.AddWithValue("$cleared", ClearedManifest);
            using var clearsFound = findClears.ExecuteReader();
            while (clearsFound.Read())
            {
                clears.Add((clearsFound.GetString(0), clearsFound.GetInt64(1)));
            }
        }

        // A snapshot a chat took before the change may still have been on its way to the store: the
        // chat's older snapshots are looked at again in the next few rounds.
        // One that finds something counts as a change: its old bytes must leave the logs too.
        var late = 0;
        foreach (var recheck in _recheck)
        {
            late += RedactSnapshots(recheck.PersistenceId, recheck.Before, recheck.Redact, cancellationToken) ? 1 : 0;
            recheck.RoundsLeft--;
        }

        _recheck.RemoveAll(r => r.RoundsLeft <= 0);
        foreach (var chat in changes.GroupBy(c => c.PersistenceId, StringComparer.Ordinal))
        {
            var messages = chat.Select(c => new MessageRedaction(c.Seq, c.SequenceNr)).ToList();
            await RedactMessagesAsync(chat.Key, messages, cancellationToken).ConfigureAwait(false);
            var (before, redact) = Limits(messages);
            _recheck.Add(new Recheck(chat.Key, before.Values.Max(), redact));
        }

        // A cleared chat: every message's content leaves every event and snapshot before the clear.
        foreach (var (persistenceId, sequenceNr) in clears)
        {
            await RedactAllMessagesAsync(persistenceId, sequenceNr, cancellationToken).ConfigureAwait(false);
            _recheck.Add(new Recheck(persistenceId, sequenceNr, (_, at) => at < sequenceNr));
        }

        using (var journal = database.OpenJournal())
        {
            using var progress = journal.CreateCommand();
            progress.CommandText = "INSERT OR REPLACE INTO redaction_progress (id, journal_ordering) VALUES (1, $top);";
            progress.Parameters.AddWithValue("$top", top);
            progress.ExecuteNonQuery();
        }

        var found = changes.Count + clears.Count + late;
        if (found > 0)
        {
            _truncationsDue = 2;
        }

        return found;
    }

    public Task<IReadOnlyList<string>> ChatIdsAsync(CancellationToken cancellationToken = default)
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
                ids.Add(reader.GetString(0)[ChatPrefix.Length..]);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    public async Task<bool> TruncateDueLogsAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _truncationsDue) == 0)
        {
            return true;
        }

        var done = await TruncateLogsAsync(cancellationToken).ConfigureAwait(false);
        if (done)
        {
            Interlocked.Decrement(ref _truncationsDue);
        }

        return done;
    }

    public async Task<bool> CompactAsync(CancellationToken cancellationToken = default)
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

        // The rebuilt pages went through the logs, and a log may still hold old pages past its end:
        // if it stays busy now, the next rounds truncate it.
        var done = await TruncateLogsAsync(cancellationToken).ConfigureAwait(false);
        if (!done)
        {
            Interlocked.Exchange(ref _truncationsDue, Math.Max(Volatile.Read(ref _truncationsDue), 1));
        }

        return done;
    }

    public Task RedactMessagesAsync(string persistenceId, IReadOnlyCollection<MessageRedaction> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return Task.CompletedTask;
        }

        var (before, redact) = Limits(messages);

        // The event that posted message n is at least the chat's n-th event: older rows need no look.
        return Redact(persistenceId, before.Keys.Min(), before.Values.Max(), [.. before.Keys], redact, cancellationToken);
    }

    private static (Dictionary<long, long> Before, Func<long, long, bool> Redact) Limits(IEnumerable<MessageRedaction> messages)
    {
        var before = messages.GroupBy(m => m.Seq).ToDictionary(g => g.Key, g => g.Max(m => m.BeforeSequenceNr));
        return (before, (seq, sequenceNr) => before.TryGetValue(seq, out var limit) && sequenceNr < limit);
    }

    public Task RedactAllMessagesAsync(string persistenceId, long beforeSequenceNr, CancellationToken cancellationToken = default) =>
        Redact(persistenceId, 1, beforeSequenceNr, null, (_, sequenceNr) => sequenceNr < beforeSequenceNr, cancellationToken);

    public Task<bool> TruncateLogsAsync(CancellationToken cancellationToken = default)
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

    /// <summary>The message with its content left out: text, file, forward and reactions.</summary>
    public static MessageView WithoutContent(MessageView message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with { Text = string.Empty, Attachment = null, Forward = null, Reactions = null };
    }

    private static bool HasContent(MessageView m) => m.Text.Length > 0 || m.Attachment is not null || m.Forward is not null || m.Reactions is not null;

    private Task Redact(string persistenceId, long fromSequenceNr, long beforeSequenceNr, IReadOnlyCollection<long>? seqs, Func<long, long, bool> redact, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        RedactEvents(persistenceId, fromSequenceNr, beforeSequenceNr, seqs, redact, cancellationToken);
        RedactSnapshots(persistenceId, beforeSequenceNr, redact, cancellationToken);
        return Task.CompletedTask;
    }

    private void RedactEvents(string persistenceId, long fromSequenceNr, long beforeSequenceNr, IReadOnlyCollection<long>? seqs, Func<long, long, bool> redact, CancellationToken cancellationToken)
    {
        using var journal = database.OpenJournal();
        if (!TableExists(journal, Journal))
        {
            return;
        }

        var rewrites = new List<(long Key, byte[] Payload)>();
        using (var find = journal.CreateCommand())
        {
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
                var sequenceNr = reader.GetInt64(1);
                object? redacted = PersistedJson.FromBytes((byte[])reader.GetValue(3), reader.GetString(2)) switch
                {
                    MessagePosted p when redact(p.Message.Seq, sequenceNr) && HasContent(p.Message) => p with { Message = WithoutContent(p.Message), Redacted = true },
                    MessageChanged c when redact(c.Message.Seq, sequenceNr) && HasContent(c.Message) => c with { Message = WithoutContent(c.Message), Redacted = true },
                    _ => null,
                };
                if (redacted is not null)
                {
                    rewrites.Add((reader.GetInt64(0), PersistedJson.ToBytes(redacted)));
                }
            }
        }

        Rewrite(journal, $"UPDATE {Journal} SET payload = $payload WHERE ordering = $key;", rewrites);
    }

    /// <summary>
    /// A chat's snapshots older than the change keep the message as it was: they get the content left
    /// out too. Replaying the events after such a snapshot brings the message back as it is now.
    /// </summary>
    private bool RedactSnapshots(string persistenceId, long beforeSequenceNr, Func<long, long, bool> redact, CancellationToken cancellationToken)
    {
        using var snapshots = database.OpenSnapshots();
        if (!TableExists(snapshots, Snapshots))
        {
            return false;
        }

        var rewrites = new List<(long Key, byte[] Payload)>();
        using (var find = snapshots.CreateCommand())
        {
            find.CommandText = $"SELECT sequence_nr, payload FROM {Snapshots} WHERE persistence_id = $pid AND sequence_nr < $before AND manifest = $manifest;";
            find.Parameters.AddWithValue("$pid", persistenceId);
            find.Parameters.AddWithValue("$before", beforeSequenceNr);
            find.Parameters.AddWithValue("$manifest", SnapshotManifest);
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sequenceNr = reader.GetInt64(0);
                var snapshot = (ChatSnapshot)PersistedJson.FromBytes((byte[])reader.GetValue(1), SnapshotManifest);
                var changed = false;
                var messages = snapshot.Messages.Select(entry =>
                {
                    if (!redact(entry.Message.Seq, sequenceNr) || !HasContent(entry.Message))
                    {
                        return entry;
                    }

                    changed = true;
                    return entry with { Message = WithoutContent(entry.Message) };
                }).ToList();
                if (changed)
                {
                    rewrites.Add((sequenceNr, PersistedJson.ToBytes(snapshot with { Messages = messages })));
                }
            }
        }

        Rewrite(snapshots, $"UPDATE {Snapshots} SET payload = $payload WHERE persistence_id = $pid AND sequence_nr = $key;", rewrites, ("$pid", persistenceId));
        return rewrites.Count > 0;
    }

    /// <summary>Writes the new payloads in one transaction, keyed by <c>$key</c>; read first, so the file's one writer waits only for this.</summary>
    private static void Rewrite(SqliteConnection connection, string sql, List<(long Key, byte[] Payload)> rows, params (string Name, object Value)[] fixedParameters)
    {
        if (rows.Count == 0)
        {
            return;
        }

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

    /// <summary>A chat whose snapshots before <paramref name="before"/> are looked at again: which messages of which snapshot lose their content.</summary>
    private sealed class Recheck(string persistenceId, long before, Func<long, long, bool> redact)
    {
        public string PersistenceId { get; } = persistenceId;

        public long Before { get; } = before;

        public Func<long, long, bool> Redact { get; } = redact;

        public int RoundsLeft { get; set; } = 3;
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
