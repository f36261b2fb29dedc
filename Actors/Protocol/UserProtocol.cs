using Akka.Actor;

namespace ActorMessenger.Actors.Protocol;

/// <summary>Commands and queries handled by <c>UserSessionActor</c>.</summary>
public static class UserProtocol
{
    /// <summary>A live connection of this user, held by the gateway node whose outbox is given.</summary>
    /// <param name="WithOnlineUsers">
    /// Answered by the directory with <see cref="DirectoryProtocol.ConnectedOnline"/> (the connection and who is online,
    /// this user included) instead of by the user with <see cref="Connected"/>: a connecting hub needs both, and one ask
    /// passed on saves the hub a second ask's round trip through the directory's proxy.
    /// </param>
    public sealed record Connect(int UserId, string ConnectionId, IActorRef Outbox, bool WithOnlineUsers = false) : IWithUserId;

    /// <param name="BlockedBy">Users who block this one: their presence is not shown to this user.</param>
    public sealed record Connected(int UserId, string ConnectionId, int ConnectionCount, bool CameOnline, IReadOnlyList<int>? BlockedBy = null);

    public sealed record Disconnect(int UserId, string ConnectionId) : IWithUserId;

    /// <summary>
    /// The user's membership of a chat changed: joined (with <paramref name="Peers"/>, the members
    /// whose presence they follow) or left. Answered with <see cref="MembershipRecorded"/> once
    /// persisted; the chat repeats it until then.
    /// </summary>
    public sealed record MembershipNotice(int UserId, string ChatId, bool IsMember, IReadOnlyList<int> Peers) : IWithUserId;

    public sealed record MembershipRecorded(int UserId, string ChatId, bool IsMember) : IWithChatId;

    public sealed record GetChats(int UserId) : IWithUserId;

    public sealed record UserChats(int UserId, IReadOnlyList<string> ChatIds);

    public sealed record GetPresence(int UserId) : IWithUserId;

    public sealed record Presence(int UserId, bool Online, int ConnectionCount, DateTimeOffset? LastSeen);

    /// <summary>A contact of this user came online or went offline.</summary>
    public sealed record PeerPresenceChanged(int UserId, UserStatus Status) : IWithUserId;

    public sealed record GetPrivacy(int UserId) : IWithUserId;

    /// <summary>Who may add the user to groups and channels: one of <c>ConsentRules.WhoCanAddMe</c>.</summary>
    public sealed record SetPrivacy(int UserId, string WhoCanAddMe) : IWithUserId;

    /// <summary>The user blocks (or unblocks) <paramref name="TargetId"/>.</summary>
    public sealed record SetUserBlock(int UserId, int TargetId, bool Blocked) : IWithUserId;

    /// <summary>Reply to the three above: the user's privacy setting and block list, oldest block first.</summary>
    /// <param name="BlockedBy">Users who block this one, to hide their presence from them; never shown to the user.</param>
    public sealed record PrivacySettings(int UserId, string WhoCanAddMe, IReadOnlyList<int> Blocked, IReadOnlyList<int> BlockedBy);

    /// <summary><paramref name="BlockerId"/> blocked (or unblocked) this user: the blocker's presence is hidden from them.</summary>
    public sealed record SetBlockedBy(int UserId, int BlockerId, bool Blocked) : IWithUserId;

    public sealed record BlockedBySet(int UserId, int BlockerId, bool Blocked);

    /// <summary>May <paramref name="AdderId"/> add this user to a group or channel? <see cref="AddAllowed"/> or a refusal.</summary>
    public sealed record CheckAddConsent(int UserId, int AdderId) : IWithUserId;

    public sealed record AddAllowed(int UserId, int AdderId);
}

/// <summary>The <c>user_status</c> event payload.</summary>
public sealed record UserStatus(int UserId, bool Online, DateTimeOffset? LastSeen);

/// <summary>Events and snapshot of a user entity, in the journal under <c>user-{id}</c>.</summary>
public static class UserEvents
{
    public sealed record ChatJoined(string ChatId, IReadOnlyList<int> Peers) : IPersisted;

    public sealed record ChatLeft(string ChatId) : IPersisted;

    public sealed record WentOffline(DateTimeOffset At) : IPersisted;

    public sealed record UserSnapshot(IReadOnlyList<ChatJoined> Chats, DateTimeOffset? LastSeen) : IPersisted;

    /// <summary>A login started a session; its token carries <paramref name="Id"/>.</summary>
    public sealed record SessionOpened(string Id, DateTimeOffset At, DateTimeOffset ExpiresAt, string UserAgent, string? Address) : IPersisted;

    public sealed record SessionsClosed(IReadOnlyList<string> Ids, string Reason, DateTimeOffset At) : IPersisted;

    /// <summary>The whole state, active sessions (with their last seen) included.</summary>
    /// <remarks>Privacy and blocks came later as optional fields: a snapshot written before them reads as "everyone", none blocked.</remarks>
    public sealed record UserSnapshotV2(
        IReadOnlyList<ChatJoined> Chats,
        DateTimeOffset? LastSeen,
        IReadOnlyList<SessionView> Sessions,
        string? WhoCanAddMe = null,
        IReadOnlyList<int>? Blocked = null,
        IReadOnlyList<int>? BlockedBy = null) : IPersisted;

    /// <summary>The user changed who may add them to groups and channels.</summary>
    public sealed record PrivacyChanged(string WhoCanAddMe, DateTimeOffset At) : IPersisted;

    /// <summary>The user blocked (or unblocked) another user.</summary>
    public sealed record UserBlockChanged(int TargetId, bool Blocked, DateTimeOffset At) : IPersisted;

    /// <summary>Another user blocked (or unblocked) this one.</summary>
    public sealed record BlockedByChanged(int BlockerId, bool Blocked, DateTimeOffset At) : IPersisted;
}
