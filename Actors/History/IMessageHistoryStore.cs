using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Actors.History;

/// <summary>
/// What one chat hands to the history store: changed messages, new updates, for channels its catalog
/// entry, and when the chat's history was cleared, the clear (applied before the rest of the batch:
/// the store forgets the chat's messages up to it, their updates, search entries and files).
/// </summary>
public sealed record ProjectionBatch(string ChatId, IReadOnlyList<MessageView> Messages, IReadOnlyList<UpdateRecord> Updates, ChatInfo? Catalog = null, ClearPoint? Clear = null);

/// <summary>What a write removed besides rows: files no message refers to any more (their bytes are deleted).</summary>
public sealed record ProjectionResult(int FilesRemoved, long BytesRemoved)
{
    public static readonly ProjectionResult None = new(0, 0);
}

/// <summary>
/// The queryable copy of every chat (a projection of the journal): messages as they are now, the
/// chat's update feed, a full-text index and the public channel catalog. Chat actors keep their
/// newest and not-yet-stored state in memory and read the rest from here.
/// </summary>
public interface IMessageHistoryStore
{
    /// <summary>Writes all batches in one transaction, in order. Insert-or-replace: writing the same thing twice is harmless.</summary>
    Task<ProjectionResult> ApplyAsync(IReadOnlyList<ProjectionBatch> batches, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with seq below <paramref name="beforeSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<MessageView>> PageAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MessageView>> GetManyAsync(string chatId, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> updates after <paramref name="afterUpdateSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<UpdateRecord>> UpdatesAsync(string chatId, long afterUpdateSeq, int limit, CancellationToken cancellationToken = default);

    Task<long> MaxUpdateSeqAsync(string chatId, CancellationToken cancellationToken = default);

    /// <summary>The seqs of one sender's stored messages in a chat that are neither deleted nor system messages.</summary>
    Task<IReadOnlyList<long>> SeqsFromAsync(string chatId, int senderId, CancellationToken cancellationToken = default);

    /// <summary>The chats where one sender has stored messages that are neither deleted nor system messages.</summary>
    Task<IReadOnlyList<string>> ChatsWithMessagesFromAsync(int senderId, CancellationToken cancellationToken = default);

    /// <summary>Full-text search over the messages of the given chats, newest first.</summary>
    Task<IReadOnlyList<MessageView>> SearchAsync(IReadOnlyCollection<string> chatIds, string query, int limit, CancellationToken cancellationToken = default);

    /// <summary>Public channels whose name or description matches, largest first.</summary>
    Task<IReadOnlyList<ChatInfo>> SearchChannelsAsync(string query, int limit, CancellationToken cancellationToken = default);
}
