using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.AdminEvents;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.DirectoryEvents;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Persistence.Serialization;

/// <summary>
/// The journal's names for persisted types. A manifest, once released, never changes: rename the
/// class freely, but add a new manifest (".v2") when the shape changes incompatibly.
/// </summary>
public static class PersistedManifests
{
    public static IReadOnlyDictionary<Type, string> ByType { get; } = new Dictionary<Type, string>
    {
        [typeof(ChatCreated)] = "chat.created.v1",
        [typeof(MessagePosted)] = "chat.message-posted.v1",
        [typeof(MessageChanged)] = "chat.message-changed.v1",
        [typeof(PinChanged)] = "chat.pin-changed.v1",
        [typeof(MembershipChanged)] = "chat.membership-changed.v1",
        [typeof(InfoChanged)] = "chat.info-changed.v1",
        [typeof(ReadPositionAdvanced)] = "chat.read-advanced.v1",
        [typeof(MembersNotified)] = "chat.members-notified.v1",
        [typeof(InviteChanged)] = "chat.invite-changed.v1",
        [typeof(HistoryCleared)] = "chat.history-cleared.v1",
        [typeof(DirectBlockChanged)] = "chat.direct-block-changed.v1",
        [typeof(ChatSnapshot)] = "chat.snapshot.v1",
        [typeof(ChatJoined)] = "user.chat-joined.v1",
        [typeof(ChatLeft)] = "user.chat-left.v1",
        [typeof(WentOffline)] = "user.went-offline.v1",
        [typeof(UserSnapshot)] = "user.snapshot.v1",
        [typeof(SessionOpened)] = "user.session-opened.v1",
        [typeof(SessionsClosed)] = "user.sessions-closed.v1",
        [typeof(UserSnapshotV2)] = "user.snapshot.v2",
        [typeof(PrivacyChanged)] = "user.privacy-changed.v1",
        [typeof(UserBlockChanged)] = "user.block-changed.v1",
        [typeof(BlockedByChanged)] = "user.blocked-by-changed.v1",
        [typeof(UserRegistered)] = "directory.user-registered.v1",
        [typeof(LastSeenRecorded)] = "directory.last-seen.v1",
        [typeof(PasswordHashReplaced)] = "directory.password-replaced.v1",
        [typeof(ProfileChanged)] = "directory.profile-changed.v1",
        [typeof(DirectorySnapshot)] = "directory.snapshot.v1",
        [typeof(AccountBlocked)] = "directory.account-blocked.v1",
        [typeof(AccountRoleChanged)] = "directory.account-role-changed.v1",
        [typeof(AccountDeleted)] = "directory.account-deleted.v1",
        [typeof(UpdatePushed)] = "admin.update-pushed.v1",
        [typeof(UpdateCancelled)] = "admin.update-cancelled.v1",
        [typeof(ActionAudited)] = "admin.action-audited.v1",
        [typeof(AuditSnapshot)] = "admin.audit-snapshot.v1",
    };

    public static IReadOnlyDictionary<string, Type> ByManifest { get; } =
        ByType.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>Every <see cref="IPersisted"/> type in the actors assembly, to prove none lacks a manifest.</summary>
    public static IEnumerable<Type> AllPersistedTypes() =>
        typeof(IPersisted).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IPersisted).IsAssignableFrom(t));
}
