namespace ActorMessenger.Actors.Protocol;

/// <summary>
/// A user's sign-in sessions, kept by the user entity (<c>UserSessionActor</c>). A token names its
/// session; a session ended here stops its token on every node, and its live connections close.
/// </summary>
public static class SessionProtocol
{
    /// <summary>A login: starts a session (the oldest ones end once the user has too many).</summary>
    public sealed record StartSession(int UserId, string UserAgent, string? Address, DateTimeOffset ExpiresAt) : IWithUserId;

    public sealed record SessionStarted(int UserId, SessionView Session, IReadOnlyList<string> Ended);

    /// <summary>
    /// Is this session still going? <paramref name="SeenAt"/> (when the gateway last saw it used)
    /// feeds the session's last seen, which is kept in memory and in snapshots, never per request.
    /// </summary>
    public sealed record CheckSession(int UserId, string SessionId, DateTimeOffset? SeenAt, string? Address) : IWithUserId;

    public sealed record SessionChecked(int UserId, string SessionId, bool Active);

    /// <summary>Ends one session (logout, or "end this session" from another device).</summary>
    public sealed record EndSession(int UserId, string SessionId, string Reason) : IWithUserId;

    /// <summary>Ends every session but <paramref name="KeepSessionId"/> (a password change, "end all other sessions").</summary>
    public sealed record EndOtherSessions(int UserId, string KeepSessionId, string Reason) : IWithUserId;

    /// <summary>Ends every session of the user at once: for an admin's block or delete.</summary>
    public sealed record EndAllSessions(int UserId, string Reason) : IWithUserId;

    /// <summary>Reply to the three ends: which sessions ended (empty when none was active).</summary>
    public sealed record SessionsEnded(int UserId, IReadOnlyList<string> SessionIds, string Reason);

    public sealed record ListSessions(int UserId) : IWithUserId;

    public sealed record SessionList(int UserId, IReadOnlyList<SessionView> Sessions);
}

/// <summary>One active session as the user sees it in their list.</summary>
public sealed record SessionView(
    string Id,
    string UserAgent,
    string? Address,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Published by a user entity on the <see cref="Name"/> topic once sessions ended: every gateway
/// node forgets them in its session cache and closes their connections, telling each why.
/// </summary>
public sealed record SessionsRevoked(int UserId, IReadOnlyList<string> SessionIds, string Reason, DateTimeOffset ExpiresBy)
{
    public const string Topic = "sessions";
}

/// <summary>Why a session ended: the <c>reason</c> of the <c>session_ended</c> event.</summary>
public static class SessionEndReasons
{
    public const string LoggedOut = "logged_out";
    public const string EndedFromAnotherSession = "ended_by_user";
    public const string PasswordChanged = "password_changed";
    public const string SessionLimit = "session_limit";
    public const string TokenExpired = "token_expired";
    public const string EndedByAdmin = "ended_by_admin";

    /// <summary>A node learnt that the session is gone without being told why.</summary>
    public const string Ended = "session_ended";
}
