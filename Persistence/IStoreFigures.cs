using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Persistence;

/// <summary>What the store holds, counted once (at start, or after history was cleared), not per request.</summary>
public sealed record StoreFigures(
    long Messages,
    long DirectChats,
    long Groups,
    long Channels,
    long Attachments,
    long AttachmentBytes,
    IReadOnlyList<MessageView> Recent);

/// <summary>A file of the store and its size now.</summary>
public sealed record StoredFileSize(string Name, long Bytes);

/// <summary>The figures the admin statistics start from, whatever the backend.</summary>
public interface IStoreFigures
{
    /// <summary>Counts what is stored; <paramref name="recent"/> newest messages come with it. Slow on a big store: call rarely.</summary>
    Task<StoreFigures> CountAsync(int recent, CancellationToken cancellationToken = default);

    /// <summary>The store's files and their sizes now (cheap).</summary>
    IReadOnlyList<StoredFileSize> Sizes();
}
