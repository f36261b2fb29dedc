using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The journal on SQLite: Akka.Persistence.Sql's table, written by one writer with group commit and a
/// prepared insert (<see cref="SqliteJournalWriter"/>). Akka.Persistence.Sql built the SQL text of
/// every batch anew, each payload inlined as a hex literal, for SQLite to parse again: a third of the
/// server's allocations under load. Rows, deletion and replay are Akka.Persistence.Sql's, so a journal
/// either wrote is read by the other (<c>akka.persistence.journal.plugin = "akka.persistence.journal.sql"</c>
/// switches back). Settings: <c>connection-string</c>, <c>auto-checkpoint</c> (off where a
/// <see cref="WalCheckpointer"/> runs beside it).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor: the writer is made in PreStart and disposed in PostStop.")]
public sealed class SqliteJournal : AsyncWriteJournal
{
    /// <summary>The plugin's configuration path.</summary>
    public const string PluginId = "akka.persistence.journal.messenger-sqlite";

    private readonly string _connectionString;
    private readonly bool _autoCheckpoint;
    private readonly Akka.Serialization.Serialization _serialization;
    private SqliteJournalWriter? _writer;
    private SqliteReadConnections? _readers;

    public SqliteJournal(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _connectionString = config.GetString("connection-string");
        _autoCheckpoint = config.GetBoolean("auto-checkpoint", true);
        _serialization = Context.System.Serialization;
    }

    private SqliteJournalWriter Writer => _writer ?? throw new InvalidOperationException("The journal has not started.");

    private SqliteReadConnections Readers => _readers ?? throw new InvalidOperationException("The journal has not started.");

    protected override void PreStart()
    {
        _writer = new SqliteJournalWriter(_connectionString, _autoCheckpoint);
        var autoCheckpoint = _autoCheckpoint;
        _readers = new SqliteReadConnections(_connectionString, c => SqliteJournalConnections.Configure(c, waitForDisk: true, autoCheckpoint: autoCheckpoint));
        base.PreStart();
    }

    protected override void PostStop()
    {
        // Stores what is still queued before the connection closes.
        _writer?.Dispose();
        _readers?.Dispose();
        base.PostStop();
    }

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken = default)
    {
        // Serialized and queued here, synchronously: the queue keeps the order the journal was told.
        var rows = new List<SqliteJournalWriter.Row>();
        List<Exception?>? rejections = null;
        var index = 0;
        var timestamp = DateTime.UtcNow.Ticks;
        foreach (var write in messages)
        {
            var before = rows.Count;
            try
            {
                foreach (var persistent in (IImmutableList<IPersistentRepresentation>)write.Payload)
                {
                    rows.Add(ToRow(persistent, timestamp));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not stored, and said so to its actor alone (a rejection, not a failure).
                rows.RemoveRange(before, rows.Count - before);
                rejections ??= [.. Enumerable.Repeat<Exception?>(null, index)];
                rejections.Add(ex);
                index++;
                continue;
            }

            rejections?.Add(null);
            index++;
        }

        var stored = rows.Count == 0 ? Task.CompletedTask : Writer.Append(rows);
        if (rejections is null)
        {
            return stored.ContinueWith<IImmutableList<Exception?>>(
                static t => t.IsFaulted ? throw t.Exception!.GetBaseException() : null!,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        var result = rejections.ToImmutableList();
        return stored.ContinueWith<IImmutableList<Exception?>>(
            t => t.IsFaulted ? throw t.Exception!.GetBaseException() : result,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private SqliteJournalWriter.Row ToRow(IPersistentRepresentation persistent, long timestamp)
    {
        var (payload, tags) = persistent.Payload is Tagged tagged
            ? (tagged.Payload, (IReadOnlyCollection<string>)tagged.Tags)
            : (persistent.Payload, []);
        var serializer = _serialization.FindSerializerFor(payload);
        return new SqliteJournalWriter.Row(
            persistent.PersistenceId,
            persistent.SequenceNr,
            persistent.Timestamp == 0 ? timestamp : persistent.Timestamp,
            serializer.ToBinary(payload),
            Akka.Serialization.Serialization.ManifestFor(serializer, payload),
            serializer.Identifier,
            tags);
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) => Writer.Delete(persistenceId, toSequenceNr);

    // Reads run beside the journal actor (which goes on taking writes) on pooled connections of their own.
    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) =>
        Task.Run(() => ReadHighestSequenceNr(persistenceId, fromSequenceNr));

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        ArgumentNullException.ThrowIfNull(recoveryCallback);
        return max <= 0 || toSequenceNr < fromSequenceNr
            ? Task.CompletedTask
            : Task.Run(() => Replay(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback));
    }

    private long ReadHighestSequenceNr(string persistenceId, long fromSequenceNr) =>
        Readers.Read(connection => connection.Command("SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = $p AND sequence_nr >= $from;")
            .Set("$p", persistenceId)
            .Set("$from", fromSequenceNr)
            .ExecuteScalar() is long highest ? highest : 0L);

    private void Replay(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        Readers.Read(connection =>
        {
            var command = connection.Command("""
                SELECT sequence_nr, timestamp, payload, manifest, serializer_id FROM event_journal
                WHERE persistence_id = $p AND sequence_nr >= $from AND sequence_nr <= $to AND is_deleted = 0
                ORDER BY sequence_nr LIMIT $max;
                """)
                .Set("$p", persistenceId)
                .Set("$from", fromSequenceNr)
                .Set("$to", toSequenceNr)
                .Set("$max", max);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var manifest = reader.IsDBNull(3) ? string.Empty : reader.GetString(3);
                var bytes = (byte[])reader.GetValue(2);
                var payload = StoredPayload.Read(_serialization, bytes, reader.IsDBNull(4) ? null : reader.GetInt32(4), manifest);
                recoveryCallback(new Persistent(
                    payload,
                    reader.GetInt64(0),
                    persistenceId,
                    manifest,
                    isDeleted: false,
                    ActorRefs.NoSender,
                    writerGuid: null,
                    timestamp: reader.GetInt64(1)));
            }
        });
}
