using System.Globalization;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Mailboxes;
using ActorMessenger.Persistence;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// The store a TestKit spec persists to, with the server's own persistence configuration: a SQLite file
/// (<see cref="SqliteSpecStore"/>) or a database of its own in the private PostgreSQL
/// (<see cref="PostgresSpecStore"/>), so the same spec code runs on both. The read model's tables have the
/// same names and keys on both (<see cref="Count"/> takes plain SQL counting them); the journal's and
/// snapshots' tables and the stored texts' columns differ, so they are asked through the named queries below.
/// </summary>
public abstract class SpecStore : IDisposable
{
    public abstract IMessageHistoryStore History { get; }

    /// <summary>The configuration plus whatever else the server's actor system starts with.</summary>
    public abstract ActorSystemSetup Setup { get; }

    public abstract IJournalRedactor Redactor();

    /// <summary>A count (or other number) over the read model's tables.</summary>
    public long Count(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);

    public long JournalRows(string? persistenceId = null, string? manifest = null) =>
        Count($"SELECT COUNT(*) FROM {JournalTable} WHERE 1 = 1{Where("persistence_id", persistenceId)}{Where("manifest", manifest)}");

    /// <summary>The sequence number of the persistence id's newest event.</summary>
    public long JournalEnd(string persistenceId) =>
        Count($"SELECT MAX({SequenceColumn}) FROM {JournalTable} WHERE 1 = 1{Where("persistence_id", persistenceId)}");

    public long SnapshotRows(string? persistenceId = null) =>
        Count($"SELECT COUNT(*) FROM {SnapshotTable} WHERE 1 = 1{Where("persistence_id", persistenceId)}");

    /// <summary>The sequence number of the persistence id's newest snapshot (0 when it has none).</summary>
    public long SnapshotEnd(string persistenceId) =>
        Count($"SELECT COALESCE(MAX({SequenceColumn}), 0) FROM {SnapshotTable} WHERE 1 = 1{Where("persistence_id", persistenceId)}");

    public void DeleteSnapshots(string? persistenceId = null) =>
        Scalar($"DELETE FROM {SnapshotTable} WHERE 1 = 1{Where("persistence_id", persistenceId)}");

    /// <summary>
    /// What a power cut can take from the history projection, which commits without waiting for the
    /// disk: one chat's read-model rows past a point (its updates after <paramref name="updateSeq"/>, its
    /// messages after <paramref name="seq"/>).
    /// </summary>
    public void LoseHistoryAfter(string chatId, long updateSeq, long seq)
    {
        Scalar($"DELETE FROM chat_updates WHERE chat_id = {Literal(chatId)} AND update_seq > {updateSeq.ToString(CultureInfo.InvariantCulture)}");
        if (SearchEntriesOf is { } search)
        {
            Scalar(search(chatId, seq));
        }

        Scalar($"DELETE FROM chat_history WHERE chat_id = {Literal(chatId)} AND seq > {seq.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Stored events whose serialized payload holds <paramref name="text"/>.</summary>
    public long EventsHolding(string text) => Count($"SELECT COUNT(*) FROM {JournalTable} WHERE {EventText} LIKE {Literal($"%{text}%")}");

    /// <summary>Read-model messages whose stored text holds <paramref name="text"/>.</summary>
    public long HistoryRowsHolding(string text) => Count($"SELECT COUNT(*) FROM chat_history WHERE {HistoryText} LIKE {Literal($"%{text}%")}");

    public long SnapshotsHolding(string text) => Count($"SELECT COUNT(*) FROM {SnapshotTable} WHERE {SnapshotText} LIKE {Literal($"%{text}%")}");

    /// <summary>Which events and snapshots hold <paramref name="text"/> (<c>event:pid@seq snapshot:pid@seq</c>), for a failed assertion.</summary>
    public string WhereIs(string text) =>
        Scalar($"SELECT {Joined("place")} FROM (SELECT 'event:' || persistence_id || '@' || {SequenceColumn} AS place FROM {JournalTable} WHERE {EventText} LIKE {Literal($"%{text}%")} " +
            $"UNION ALL SELECT 'snapshot:' || persistence_id || '@' || {SequenceColumn} FROM {SnapshotTable} WHERE {SnapshotText} LIKE {Literal($"%{text}%")}) AS found") is string places ? places : string.Empty;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    protected abstract string JournalTable { get; }

    protected abstract string SnapshotTable { get; }

    protected abstract string SequenceColumn { get; }

    /// <summary>An event's payload as text (the persisted JSON).</summary>
    protected abstract string EventText { get; }

    protected abstract string SnapshotText { get; }

    /// <summary>A statement deleting the search entries of a chat's messages after a seq, where the index is a table of its own.</summary>
    protected virtual Func<string, long, string>? SearchEntriesOf => null;

    /// <summary>The read model's column holding a message's text.</summary>
    protected abstract string HistoryText { get; }

    /// <summary>The values of <paramref name="column"/> joined with spaces.</summary>
    protected abstract string Joined(string column);

    protected abstract object? Scalar(string sql);

    /// <summary>What every spec's actor system adds to the persistence configuration.</summary>
    protected static Config WithSpecDefaults(Config persistence) =>
        // Two cores run every test class at once: leave room before calling a reply missing.
        ConfigurationFactory.ParseString("akka.test.single-expect-default = 10s")
            .WithFallback(CompactDequeMailbox.Hocon)
            .WithFallback(WireSpecHocon.Config)
            .WithFallback(persistence);

    private static string Where(string column, string? value) => value is null ? string.Empty : $" AND {column} = {Literal(value)}";

    protected static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
