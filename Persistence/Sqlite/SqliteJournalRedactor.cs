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
public sealed class SqliteJournalRedactor(SqliteDatabase database) : IJournalRedactor
{
    /// <summary>In the journal file, beside Akka's tables.</summary>
    public const string ProgressSchema = "CREATE TABLE IF NOT EXISTS redaction_progress (id INTEGER PRIMARY KEY CHECK (id = 1), journal_ordering INTEGER NOT NULL);";

    // Akka.Persistence.Sql's table mapping "sqlite" (see PersistenceHocon).
    private const string Journal = "event_journal";
    private const string Snapshots = "snapshot";

    private static readonly string PostedManifest = PersistedManifests.ByType[typeof(MessagePosted)];
    private static readonly string ChangedManifest = PersistedManifests.ByType[typeof(MessageChanged)];
    private static readonly string SnapshotManifest = PersistedManifests.ByType[typeof(ChatSnapshot)];

    private readonly List<Recheck> _recheck = [];

    public async Task<int> RedactNewChangesAsync(CancellationToken cancellationToken = default)
    {
        List<(string PersistenceId, long SequenceNr, long Seq)> changes = [];
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
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                changes.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        // A snapshot a chat took before the change may still have been on its way to the store: the
        // chat's older snapshots are looked at again in the next few rounds.
        foreach (var recheck in _recheck)
        {
            RedactSnapshots(recheck.PersistenceId, recheck.Messages, cancellationToken);
            recheck.RoundsLeft--;
        }

        _recheck.RemoveAll(r => r.RoundsLeft <= 0);
        foreach (var chat in changes.GroupBy(c => c.PersistenceId, StringComparer.Ordinal))
        {
            var messages = chat.Select(c => new MessageRedaction(c.Seq, c.SequenceNr)).ToList();
            await RedactMessagesAsync(chat.Key, messages, cancellationToken).ConfigureAwait(false);
            _recheck.Add(new Recheck(chat.Key, messages));
        }

        using (var journal = database.OpenJournal())
        {
            using var progress = journal.CreateCommand();
            progress.CommandText = "INSERT OR REPLACE INTO redaction_progress (id, journal_ordering) VALUES (1, $top);";
            progress.Parameters.AddWithValue("$top", top);
            progress.ExecuteNonQuery();
        }

        return changes.Count;
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

    private void RedactSnapshots(string persistenceId, IEnumerable<MessageRedaction> messages, CancellationToken cancellationToken)
    {
        var (before, redact) = Limits(messages);
        RedactSnapshots(persistenceId, before.Values.Max(), redact, cancellationToken);
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
    private void RedactSnapshots(string persistenceId, long beforeSequenceNr, Func<long, long, bool> redact, CancellationToken cancellationToken)
    {
        using var snapshots = database.OpenSnapshots();
        if (!TableExists(snapshots, Snapshots))
        {
            return;
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

    private sealed class Recheck(string persistenceId, List<MessageRedaction> messages)
    {
        public string PersistenceId { get; } = persistenceId;

        public List<MessageRedaction> Messages { get; } = messages;

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
