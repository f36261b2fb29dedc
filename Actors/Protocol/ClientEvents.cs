namespace ActorMessenger.Actors.Protocol;

/// <summary>The <c>messages_read</c> payload: a member has read up to <paramref name="Seq"/>.</summary>
public sealed record MessagesReadEvent(string ChatId, int UserId, long Seq);

/// <summary>The <c>online_users</c> payload.</summary>
public sealed record OnlineUsersEvent(IReadOnlyList<int> Users);

/// <summary>The <c>typing</c> payload: not persisted, at most one per user per chat every few seconds.</summary>
public sealed record TypingEvent(string ChatId, int UserId);

/// <summary>The <c>chat_removed</c> payload: you are no longer a member of that chat.</summary>
public sealed record ChatRemovedEvent(string ChatId);

/// <summary>
/// The <c>member_count</c> payload: a channel's subscriber count changed without a system message (a
/// subscriber joined or left). Only the owner and admins hear it; subscribers read the count when they look.
/// </summary>
public sealed record MemberCountEvent(string ChatId, int MemberCount);

/// <summary>
/// The <c>chat_cleared</c> payload: an admin cleared the chat's history. Every message up to
/// <paramref name="ClearedUpToSeq"/> is gone (pins, reactions and unread counts with them); later
/// messages go on from the next <c>seq</c>, and the clear took update <paramref name="UpdateSeq"/>.
/// </summary>
public sealed record ChatClearedEvent(string ChatId, long UpdateSeq, long ClearedUpToSeq, DateTimeOffset ClearedAt);

/// <summary>The <c>session_ended</c> payload, sent just before the server closes a connection whose session ended.</summary>
public sealed record SessionEndedEvent(string Reason);

/// <summary>
/// The <c>server_stopping</c> payload, sent to every connection when the server begins a graceful
/// stop: <paramref name="Reason"/> is <see cref="ServerStopReasons.Restart"/> or
/// <see cref="ServerStopReasons.Shutdown"/>; the client reconnects (and syncs) from about
/// <paramref name="ReconnectAfterMs"/> on, retrying until the server is back.
/// </summary>
public sealed record ServerStoppingEvent(string Reason, int ReconnectAfterMs);

/// <summary>Why a server stops gracefully (the <c>reason</c> of <c>server_stopping</c>).</summary>
public static class ServerStopReasons
{
    /// <summary>An admin asked for a restart: the server is expected back within seconds.</summary>
    public const string Restart = "restart";

    /// <summary>An admin, a signal (SIGTERM, Ctrl+C) or the service manager stopped it.</summary>
    public const string Shutdown = "shutdown";
}

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
    public const string MemberCount = "member_count";
    public const string ChatCleared = UpdateTypes.ChatCleared;
    public const string SessionEnded = "session_ended";
    public const string UpdateAvailable = "update_available";
    public const string UpdateCancelled = "update_cancelled";
    public const string ServerStopping = "server_stopping";
    public const string PrivacyChanged = "privacy_changed";
}

/// <summary>The <c>privacy_changed</c> payload, to the user's own connections: their setting and block list as they are now.</summary>
public sealed record PrivacyChangedEvent(string WhoCanAddMe, IReadOnlyList<int> Blocked);

/// <summary>The <c>update_available</c> payload, with the old server's field names.</summary>
public sealed record UpdateAvailableEvent(
    [property: System.Text.Json.Serialization.JsonPropertyName("version")] string Version,
    [property: System.Text.Json.Serialization.JsonPropertyName("changelog")] string? Changelog,
    [property: System.Text.Json.Serialization.JsonPropertyName("download_url")] string? DownloadUrl,
    [property: System.Text.Json.Serialization.JsonPropertyName("mandatory")] bool Mandatory,
    [property: System.Text.Json.Serialization.JsonPropertyName("pushed_at")] DateTimeOffset PushedAt)
{
    public static UpdateAvailableEvent From(UpdateNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new(notice.Version, notice.Changelog, notice.DownloadUrl, notice.Mandatory, notice.PushedAt);
    }
}

/// <summary>The <c>update_cancelled</c> payload: the version whose notice was withdrawn.</summary>
public sealed record UpdateCancelledEvent([property: System.Text.Json.Serialization.JsonPropertyName("version")] string Version);
