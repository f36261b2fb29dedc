namespace ActorMessenger.Actors.Protocol;

/// <summary>
/// A chat message as clients see it (hub results, events, REST pages). Optional parts are null when
/// they do not apply, so a plain text message stays small on the wire and in the journal.
/// </summary>
public sealed record MessageView(
    string Id,
    string ChatId,
    long Seq,
    int SenderId,
    string Text,
    string Type,
    DateTimeOffset CreatedAt,
    string? ClientId,
    long? ReplyTo = null,
    ForwardInfo? Forward = null,
    AttachmentView? Attachment = null,
    SystemEvent? System = null,
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    int? DeletedBy = null,
    IReadOnlyDictionary<string, IReadOnlyList<int>>? Reactions = null)
{
    /// <summary>The old server called the timestamp <c>time</c>; its clients still read it.</summary>
    public DateTimeOffset Time => CreatedAt;

    public bool Edited => EditedAt is not null;

    public bool Deleted => DeletedAt is not null;
}

/// <summary>Where a forwarded message came from: the original chat, message and author.</summary>
public sealed record ForwardInfo(string FromChatId, long FromSeq, int OriginalSenderId, DateTimeOffset OriginalCreatedAt);

/// <summary>A file carried by a message of type <c>file</c> or <c>image</c>.</summary>
public sealed record AttachmentView(string Id, string Name, long Size, string ContentType);

/// <summary>
/// What a system message records: <c>chat_created</c>, <c>members_added</c>, <c>member_removed</c>,
/// <c>member_left</c>, <c>member_joined</c>, <c>role_changed</c>, <c>chat_updated</c>.
/// </summary>
public sealed record SystemEvent(string Action, int ActorId, IReadOnlyList<int> UserIds, string? Role = null, string? Title = null);

public enum ChatKind
{
    Direct,
    Group,
    Channel,
}

public static class ChatRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
}

public sealed record MemberEntry(int UserId, string Role, DateTimeOffset JoinedAt);

/// <summary>A pinned message of a chat.</summary>
public sealed record PinView(long Seq, int PinnedBy, DateTimeOffset PinnedAt);

/// <summary>A chat's descriptive part: what the chat header and channel search show.</summary>
public sealed record ChatInfo(
    string ChatId,
    ChatKind Kind,
    string? Title,
    string? Description,
    string? Icon,
    bool IsPublic,
    int OwnerId,
    int MemberCount,
    DateTimeOffset CreatedAt);

/// <summary>One chat as its member sees it in the chat list; <c>OthersReadSeq</c>: see <c>ChatState.OthersReadSeq</c>.</summary>
public sealed record ChatSummary(
    ChatInfo Info,
    IReadOnlyList<int> Members,
    string MyRole,
    MessageView? LastMessage,
    long LastSeq,
    long LastUpdateSeq,
    long ReadSeq,
    long UnreadCount,
    long OthersReadSeq = 0);

/// <summary>A page of history, oldest first.</summary>
public sealed record HistoryPage(string ChatId, IReadOnlyList<MessageView> Messages, bool HasMore);

/// <summary>
/// One change in a chat that clients must apply: every one has the next gap-free <c>UpdateSeq</c> of
/// its chat, and carries the message it concerns as it is now.
/// </summary>
public sealed record ChatUpdate(string ChatId, long UpdateSeq, string Type, MessageView Message, PinView? Pin = null);

public static class UpdateTypes
{
    public const string NewMessage = "new_message";
    public const string MessageEdited = "message_edited";
    public const string MessageDeleted = "message_deleted";
    public const string ReactionsChanged = "reactions_changed";
    public const string MessagePinned = "message_pinned";
    public const string MessageUnpinned = "message_unpinned";

    /// <summary>
    /// The chat's history was cleared. Kept in the chat's update feed only to number the clear; never
    /// served as an update (clients get <c>chat_cleared</c> and <see cref="UpdatesPage.Cleared"/>).
    /// </summary>
    public const string ChatCleared = "chat_cleared";
}

/// <summary>
/// Updates of one chat after a cursor, oldest first. <paramref name="Cleared"/> is set when the cursor
/// is older than the chat's last clear: the client drops every message up to its <c>ClearedUpToSeq</c>
/// first (the updates before the clear are gone), then applies these.
/// </summary>
public sealed record UpdatesPage(string ChatId, IReadOnlyList<ChatUpdate> Updates, long LastUpdateSeq, bool HasMore, ChatClearedEvent? Cleared = null);
