namespace ActorMessenger.Actors.Protocol;

/// <summary>A registered account. The password hash never leaves the server.</summary>
public sealed record UserAccount(
    int Id,
    string Username,
    string FullName,
    string Role,
    string PasswordHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSeen,
    string? Avatar = null,
    string? Bio = null,
    bool Blocked = false);

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
}

/// <summary>Commands and queries handled by the <c>UserDirectoryActor</c> singleton.</summary>
public static class DirectoryProtocol
{
    /// <summary>The caller hashes the password: hashing is slow and must not queue in the singleton.</summary>
    public sealed record Register(string Username, string PasswordHash, string FullName, string Role);

    public sealed record Registered(UserAccount Account);

    public sealed record FindByUsername(string Username);

    public sealed record FindById(int UserId);

    /// <summary>Reply to both finds; <see cref="Account"/> is null when there is no such user.</summary>
    public sealed record Found(UserAccount? Account);

    public sealed record ListUsers;

    public sealed record UserList(IReadOnlyList<UserAccount> Users, IReadOnlySet<int> Online);

    public sealed record RecordLogin(int UserId, DateTimeOffset At);

    public sealed record ChangePasswordHash(int UserId, string PasswordHash);

    public sealed record PasswordHashChanged(int UserId);

    /// <summary>Null fields stay as they are; an empty string clears avatar or bio.</summary>
    public sealed record UpdateProfile(int UserId, string? FullName, string? Avatar, string? Bio);

    public sealed record ProfileUpdated(UserAccount Account);

    /// <summary>Users whose username or full name contains the query, case-insensitively.</summary>
    public sealed record SearchUsers(string Query, int Limit);

    /// <summary>From a user entity when its first connection opens or its last one closes.</summary>
    public sealed record PresenceChanged(int UserId, bool Online, DateTimeOffset At, IReadOnlyList<int> Contacts);

    /// <summary>Reply to <see cref="PresenceChanged"/>: which of the contacts are online now.</summary>
    public sealed record OnlineContacts(int UserId, UserStatus Status, IReadOnlyList<int> Online);

    public sealed record GetOnlineUsers;

    public sealed record OnlineUsers(IReadOnlyList<int> Users);

    /// <summary>
    /// From a user entity, for a <see cref="UserProtocol.Connect"/> that asked for the online users, passed on with the
    /// hub's asker as sender, after the <see cref="PresenceChanged"/> of a user who just came online: so the list has them.
    /// </summary>
    public sealed record ListOnlineFor(UserProtocol.Connected Connected);

    /// <summary>Reply to <see cref="ListOnlineFor"/>: the user's answer to the connect, and who is online (ascending ids).</summary>
    public sealed record ConnectedOnline(UserProtocol.Connected Connected, IReadOnlyList<int> Online);

    /// <summary>An admin blocks (or unblocks) an account: a blocked account cannot log in.</summary>
    public sealed record SetBlocked(int UserId, bool Blocked, int AdminId, DateTimeOffset At);

    /// <summary>An admin grants (<c>admin</c>) or takes (<c>user</c>) the admin role.</summary>
    public sealed record SetAccountRole(int UserId, string Role, int AdminId, DateTimeOffset At);

    /// <summary>An admin deletes an account: its username is free again, its id is never reused.</summary>
    public sealed record DeleteAccount(int UserId, int AdminId, DateTimeOffset At);

    /// <summary>Reply to the three above: the account as it is now (as it was, for a deletion).</summary>
    public sealed record AccountChanged(UserAccount Account);

    public sealed record CountUsers;

    public sealed record UserCount(int Count);
}

/// <summary>Events and snapshot of the directory, in the journal under <c>user-directory</c>.</summary>
public static class DirectoryEvents
{
    public sealed record UserRegistered(int Id, string Username, string FullName, string Role, string PasswordHash, DateTimeOffset At) : IPersisted;

    public sealed record LastSeenRecorded(int Id, DateTimeOffset At) : IPersisted;

    public sealed record PasswordHashReplaced(int Id, string PasswordHash) : IPersisted;

    public sealed record ProfileChanged(int Id, string FullName, string? Avatar, string? Bio) : IPersisted;

    public sealed record AccountBlocked(int Id, bool Blocked, int By, DateTimeOffset At) : IPersisted;

    public sealed record AccountRoleChanged(int Id, string Role, int By, DateTimeOffset At) : IPersisted;

    public sealed record AccountDeleted(int Id, int By, DateTimeOffset At) : IPersisted;

    public sealed record DirectorySnapshot(IReadOnlyList<UserAccount> Users, int NextId) : IPersisted;
}
