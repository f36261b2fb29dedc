using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Persistence;

/// <summary>An uploaded file: which chat it was uploaded to and by whom; the bytes are kept by the same store.</summary>
public sealed record StoredAttachment(string Id, string ChatId, int UploaderId, string Name, long Size, string ContentType, DateTimeOffset CreatedAt)
{
    public AttachmentView View => new(Id, Name, Size, ContentType);
}

/// <summary>
/// Uploaded files' metadata and who may read them. A file is readable by the members of every chat
/// that holds a live message referring to it, and of a chat it was granted to before such a message
/// was stored (its upload chat, a forward's target). The history projection keeps the references
/// (see <c>IMessageHistoryStore</c>) and deletes a file with its metadata once the last message
/// referring to it is deleted.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the bytes of file <paramref name="id"/>; before <see cref="AddAsync"/>, so no record ever names missing bytes.</summary>
    Task WriteAsync(string id, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The bytes of file <paramref name="id"/> as a seekable stream (range requests), or null when they are gone.</summary>
    Task<Stream?> OpenAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Records an uploaded file and grants it to its chat.</summary>
    Task AddAsync(StoredAttachment attachment, CancellationToken cancellationToken = default);

    Task<StoredAttachment?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lets the members of <paramref name="chatId"/> read the file before the message that brings it
    /// there is stored, so they never see the message before they may open its file. Only call it for
    /// a file the caller may read and is about to post there.
    /// </summary>
    Task GrantAsync(string id, string chatId, CancellationToken cancellationToken = default);

    /// <summary>The chats whose members may read the file.</summary>
    Task<IReadOnlyList<string>> ReadableInAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The bytes of every file <paramref name="uploaderId"/> uploaded that the server still keeps.</summary>
    Task<long> UploadedBytesAsync(int uploaderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes files uploaded before <paramref name="uploadedBefore"/> that no stored message refers to
    /// (metadata, grants, then the bytes); returns their ids.
    /// </summary>
    Task<IReadOnlyList<string>> RemoveUnreferencedAsync(DateTimeOffset uploadedBefore, CancellationToken cancellationToken = default);
}
