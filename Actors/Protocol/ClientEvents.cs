namespace ActorMessenger.Actors.Protocol;

/// <summary>The <c>messages_read</c> payload: a member has read up to <paramref name="Seq"/>.</summary>
public sealed record MessagesReadEvent(string ChatId, int UserId, long Seq);

/// <summary>The <c>online_users</c> payload.</summary>
public sealed record OnlineUsersEvent(IReadOnlyList<int> Users);

/// <summary>The <c>typing</c> payload: not persisted, at most one per user per chat every few seconds.</summary>
public sealed record TypingEvent(string ChatId, int UserId);

/// <summary>The <c>chat_removed</c> payload: you are no longer a member of that chat.</summary>
public sealed record ChatRemovedEvent(string ChatId);

/// <summary>The <c>session_ended</c> payload, sent just before the server closes a connection whose session ended.</summary>
public sealed record SessionEndedEvent(string Reason);

/// <summary>Names of the events the server pushes, kept from the old Socket.IO server where it had them.</summary>
public static class ClientEventNames
{
    public const string Connected = "connected";
    public const string NewMessage = UpdateTypes.NewMessage;
    public const string MessageSent = "message_sent";
    public const string UserStatus = "user_status";
    public const string OnlineUsers = "online_users";
    public const string MessagesRead = "messages_read";
    public const string Typing = "typing";
    public const string ChatRemoved = "chat_removed";
    public const string SessionEnded = "session_ended";
}
