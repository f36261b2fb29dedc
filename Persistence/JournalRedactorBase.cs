using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Serialization;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Persistence;

/// <summary>
/// What every backend's <see cref="IJournalRedactor"/> decides the same way: which events and
/// snapshots lose which content, the rounds that follow the journal by its ordering, and the
/// rechecks of snapshots that may have been on their way. The backends read and rewrite rows.
/// </summary>
public abstract class JournalRedactorBase : IJournalRedactor, IDisposable
{
    /// <summary>A stored event: its key for the rewrite, sequence number, manifest and payload.</summary>
    protected sealed record EventRow(long Key, long SequenceNr, string Manifest, byte[] Payload);

    /// <summary>An edit or deletion found in the journal: which message of which chat, at which sequence number.</summary>
    protected sealed record FoundChange(string PersistenceId, long SequenceNr, long Seq);

    protected static readonly string PostedManifest = PersistedManifests.ByType[typeof(MessagePosted)];
    protected static readonly string ChangedManifest = PersistedManifests.ByType[typeof(MessageChanged)];
    protected static readonly string SnapshotManifest = PersistedManifests.ByType[typeof(ChatSnapshot)];
    protected static readonly string ClearedManifest = PersistedManifests.ByType[typeof(HistoryCleared)];

    protected const string ChatPrefix = "chat-";

    private readonly List<Recheck> _recheck = [];

    // Rounds whose logs are still to be truncated: the one that found a change and the next (which
    // also catches what the history projection wrote a moment later), whoever ran the round.
    private int _truncationsDue;

    // The server's rounds and an admin's clear may ask at once; one round at a time keeps the progress and the rechecks right.
    private readonly SemaphoreSlim _round = new(1, 1);

    /// <summary>The journal's highest ordering and the one the last round got to; null when there is no journal yet.</summary>
    protected abstract (long From, long Top)? JournalRange();

    /// <summary>Edits and deletions (manifest <see cref="ChangedManifest"/>) with ordering in (from, top].</summary>
    protected abstract List<FoundChange> FindChanges(long from, long top);

    /// <summary>History clears (manifest <see cref="ClearedManifest"/>) with ordering in (from, top].</summary>
    protected abstract List<(string PersistenceId, long SequenceNr)> FindClears(long from, long top);

    protected abstract void SaveProgress(long top);

    /// <summary>Every persistence id starting with <see cref="ChatPrefix"/>.</summary>
    protected abstract List<string> ChatPersistenceIds(CancellationToken cancellationToken);

    /// <summary>Posted and changed events of one chat in [from, before), only those of <paramref name="seqs"/> when given.</summary>
    protected abstract List<EventRow> ReadEvents(string persistenceId, long fromSequenceNr, long beforeSequenceNr, IReadOnlyCollection<long>? seqs, CancellationToken cancellationToken);

    /// <summary>Writes the new payloads in one transaction.</summary>
    protected abstract void RewriteEvents(List<(long Key, byte[] Payload)> rows);

    /// <summary>Chat snapshots (manifest <see cref="SnapshotManifest"/>) of one chat older than <paramref name="beforeSequenceNr"/>.</summary>
    protected abstract List<(long SequenceNr, byte[] Payload)> ReadSnapshots(string persistenceId, long beforeSequenceNr, CancellationToken cancellationToken);

    protected abstract void RewriteSnapshots(string persistenceId, List<(long Key, byte[] Payload)> rows);

    public abstract Task<bool> TruncateLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>Rebuilds the storage so what was removed is given back; see <see cref="CompactAsync"/>.</summary>
    protected abstract void Rebuild(CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _round.Dispose();
        }
    }

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
        if (JournalRange() is not var (from, top))
        {
            return 0;
        }

        if (top <= from && _recheck.Count == 0)
        {
            return 0;
        }

        var changes = FindChanges(from, top);
        var clears = FindClears(from, top);

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

        SaveProgress(top);
        var found = changes.Count + clears.Count + late;
        if (found > 0)
        {
            _truncationsDue = 2;
        }

        return found;
    }

    public Task<IReadOnlyList<string>> ChatIdsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. ChatPersistenceIds(cancellationToken).Select(id => id[ChatPrefix.Length..])]);

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
        Rebuild(cancellationToken);

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
        var rewrites = new List<(long Key, byte[] Payload)>();
        foreach (var row in ReadEvents(persistenceId, fromSequenceNr, beforeSequenceNr, seqs, cancellationToken))
        {
            object? redacted = PersistedJson.FromBytes(row.Payload, row.Manifest) switch
            {
                MessagePosted p when redact(p.Message.Seq, row.SequenceNr) && HasContent(p.Message) => p with { Message = WithoutContent(p.Message), Redacted = true },
                MessageChanged c when redact(c.Message.Seq, row.SequenceNr) && HasContent(c.Message) => c with { Message = WithoutContent(c.Message), Redacted = true },
                _ => null,
            };
            if (redacted is not null)
            {
                rewrites.Add((row.Key, PersistedJson.ToBytes(redacted)));
            }
        }

        if (rewrites.Count > 0)
        {
            RewriteEvents(rewrites);
        }
    }

    /// <summary>
    /// A chat's snapshots older than the change keep the message as it was: they get the content left
    /// out too. Replaying the events after such a snapshot brings the message back as it is now.
    /// </summary>
    private bool RedactSnapshots(string persistenceId, long beforeSequenceNr, Func<long, long, bool> redact, CancellationToken cancellationToken)
    {
        var rewrites = new List<(long Key, byte[] Payload)>();
        foreach (var (sequenceNr, payload) in ReadSnapshots(persistenceId, beforeSequenceNr, cancellationToken))
        {
            var snapshot = (ChatSnapshot)PersistedJson.FromBytes(payload, SnapshotManifest);
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

        if (rewrites.Count > 0)
        {
            RewriteSnapshots(persistenceId, rewrites);
        }

        return rewrites.Count > 0;
    }

    /// <summary>A chat whose snapshots before <paramref name="before"/> are looked at again: which messages of which snapshot lose their content.</summary>
    private sealed class Recheck(string persistenceId, long before, Func<long, long, bool> redact)
    {
        public string PersistenceId { get; } = persistenceId;

        public long Before { get; } = before;

        public Func<long, long, bool> Redact { get; } = redact;

        public int RoundsLeft { get; set; } = 3;
    }
}
