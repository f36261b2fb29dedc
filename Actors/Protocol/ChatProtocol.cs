namespace ActorMessenger.Actors.Protocol;

/// <summary>Commands and queries handled by <c>ChatActor</c>; replies follow each one.</summary>
public static class ChatProtocol
{
    /// <summary>
    /// Post a message. <paramref name="OriginConnectionId"/> is the connection that sent it: it gets
    /// the hub result instead of a <c>new_message</c> copy. <paramref name="CreateDirect"/> lets a
    /// direct chat come into being with its first message.
    /// </summary>
    public sealed record PostMessage(
        string ChatId,
        int SenderId,
        string Text,
        string Type,
        string? ClientId,
        string? OriginConnectionId,
        bool CreateDirect) : IWithChatId;

    /// <summary>Reply to <see cref="PostMessage"/>: the stored message (or the original on a retry).</summary>
    public sealed record MessageAccepted(MessageView Message, bool Duplicate);

    public sealed record GetHistory(string ChatId, int RequesterId, long? BeforeSeq, int Limit) : IWithChatId;

    public sealed record GetSummary(string ChatId, int RequesterId) : IWithChatId;

    public sealed record MarkRead(string ChatId, int UserId, long Seq) : IWithChatId;

    public sealed record ReadMarked(string ChatId, int UserId, long ReadSeq, long UnreadCount);

    /// <summary>The history projector has stored every message up to <paramref name="UpToSeq"/>.</summary>
    public sealed record HistoryProjected(string ChatId, long UpToSeq) : IWithChatId;
}

/// <summary>Events and snapshot of a chat, in the journal under <c>chat-{chatId}</c>.</summary>
public static class ChatEvents
{
    public sealed record ChatCreated(string ChatId, ChatKind Kind, IReadOnlyList<int> Members, DateTimeOffset At) : IPersisted;

    public sealed record MessagePosted(MessageView Message) : IPersisted;

    public sealed record ReadPositionAdvanced(int UserId, long Seq) : IPersisted;

    /// <summary>Every member's user entity has recorded the chat in its chat list.</summary>
    public sealed record MembersNotified(IReadOnlyList<int> Members) : IPersisted;

    public sealed record ChatSnapshot(
        string ChatId,
        ChatKind Kind,
        IReadOnlyList<int> Members,
        long LastSeq,
        IReadOnlyList<MessageView> Recent,
        IReadOnlyDictionary<int, long> ReadPositions,
        IReadOnlyList<SentClientId> RecentClientIds,
        DateTimeOffset CreatedAt,
        IReadOnlyList<int> UnnotifiedMembers) : IPersisted;

    public sealed record SentClientId(int SenderId, string ClientId, long Seq);
}

/// <summary>An event pushed to a client connection: hub method name and its single argument.</summary>
public sealed record ClientEvent(string Name, object Payload);

/// <summary>Delivered by chats to a user's entity, which fans out to that user's connections.</summary>
public sealed record DeliverToUser(int UserId, ClientEvent Event, string? ExceptConnectionId) : IWithUserId;

/// <summary>Pushes one event to connections held by one gateway node.</summary>
public sealed record PushToConnections(IReadOnlyList<string> ConnectionIds, ClientEvent Event);
