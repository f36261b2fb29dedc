using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Actors.History;

/// <summary>
/// The queryable copy of every chat's messages (a projection of the journal). The chat actor keeps
/// its newest messages in memory and reads older pages from here.
/// </summary>
public interface IMessageHistoryStore
{
    /// <summary>Insert or replace: projecting the same message twice is harmless.</summary>
    Task UpsertAsync(IReadOnlyList<MessageView> messages, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with seq below <paramref name="beforeSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<MessageView>> PageAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default);

    Task<long> MaxSeqAsync(string chatId, CancellationToken cancellationToken = default);
}
