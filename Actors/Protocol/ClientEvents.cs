namespace ActorMessenger.Actors.Protocol;

/// <summary>The <c>new_message</c> / <c>message_sent</c> payload, as the old server sent it.</summary>
public sealed record NewMessageEvent(string ChatId, MessageView Message);

/// <summary>The <c>messages_read</c> payload: a member has read up to <paramref name="Seq"/>.</summary>
public sealed record MessagesReadEvent(string ChatId, int UserId, long Seq);

/// <summary>The <c>online_users</c> payload.</summary>
public sealed record OnlineUsersEvent(IReadOnlyList<int> Users);

/// <summary>Names of the events the server pushes, kept from the old Socket.IO server.</summary>
public static class ClientEventNames
{
    public const string Connected = "connected";
    public const string NewMessage = "new_message";
    public const string MessageSent = "message_sent";
    public const string UserStatus = "user_status";
    public const string OnlineUsers = "online_users";
    public const string MessagesRead = "messages_read";
}
