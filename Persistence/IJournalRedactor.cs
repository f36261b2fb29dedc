namespace ActorMessenger.Persistence;

/// <summary>A message whose content is to leave every stored event and snapshot older than <paramref name="BeforeSequenceNr"/>.</summary>
public sealed record MessageRedaction(long Seq, long BeforeSequenceNr);

/// <summary>
/// Removes deleted and edited-away message content from storage. Event sourcing keeps every event,
/// so the text of a deleted message, and every earlier text of an edited one, would stay in the
/// journal and in older snapshots forever. The redactor rewrites those events and snapshots in place
/// (same manifest, content removed, <c>Redacted</c> set): only the newest event of a message carries
/// its content, so replaying the journal still ends at the same state. Then it makes the storage
/// forget the old bytes (free pages overwritten, write-ahead logs truncated).
/// </summary>
public interface IJournalRedactor
{
    /// <summary>
    /// One round: finds the edits, deletions and history clears stored since the last round (the
    /// progress is stored, so nothing is missed across restarts) and redacts the older events and
    /// snapshots of those messages (of a cleared chat: every message before the clear). Returns how
    /// many it found. Rounds asked for at once run one after the other.
    /// </summary>
    Task<int> RedactNewChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>These messages of one chat (persistence id <c>chat-{chatId}</c>) lose their content in older events and snapshots.</summary>
    Task RedactMessagesAsync(string persistenceId, IReadOnlyCollection<MessageRedaction> messages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every message of one chat loses its content in every event and snapshot older than
    /// <paramref name="beforeSequenceNr"/>: for clearing a chat's history, once the chat has stored
    /// the event that clears it (replay must not bring the content back).
    /// </summary>
    Task RedactAllMessagesAsync(string persistenceId, long beforeSequenceNr, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes what was rewritten or deleted leave every file: copies the write-ahead logs into their
    /// databases and truncates them. False when a database stayed busy; try again later.
    /// </summary>
    Task<bool> TruncateLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="TruncateLogsAsync"/> when a round (whoever ran it) found something, or a
    /// compaction left a log busy: once after that round and once more (what the history projection
    /// wrote a moment later). True when nothing is due or it was done; false when a database stayed busy.
    /// </summary>
    Task<bool> TruncateDueLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives what was removed back to the file system, so the files shrink: rebuilds every database
    /// (<c>VACUUM</c>; each file's writers wait meanwhile) and truncates the logs. For rare, large
    /// removals (clearing all messages). False when a log stayed busy; try again later.
    /// </summary>
    Task<bool> CompactAsync(CancellationToken cancellationToken = default);

    /// <summary>Every chat that has stored an event, by chat id: what clearing all messages walks.</summary>
    Task<IReadOnlyList<string>> ChatIdsAsync(CancellationToken cancellationToken = default);
}
