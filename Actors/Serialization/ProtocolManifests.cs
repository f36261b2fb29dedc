using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.Activities;
using static ActorMessenger.Actors.Protocol.AdminProtocol;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.SessionProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Actors.Serialization;

/// <summary>
/// The wire names of every message of the actors' protocol (<c>Actors/Protocol</c>), replies, client
/// event payloads and the parts they are made of included. Persisted events keep their own manifests
/// (<c>PersistedManifests</c>, bound to <c>IPersisted</c>) and are not listed here.
/// </summary>
public static class ProtocolManifests
{
    public static WireManifests Table { get; } = new(new Dictionary<Type, string>
    {
        // Chat commands, queries and replies.
        [typeof(MessageExtras)] = "chat.message-extras",
        [typeof(PostMessage)] = "chat.post-message",
        [typeof(MessageAccepted)] = "chat.message-accepted",
        [typeof(CreateChat)] = "chat.create",
        [typeof(ChatCreatedReply)] = "chat.created-reply",
        [typeof(AddMembers)] = "chat.add-members",
        [typeof(RemoveMember)] = "chat.remove-member",
        [typeof(Leave)] = "chat.leave",
        [typeof(Join)] = "chat.join",
        [typeof(SetRole)] = "chat.set-role",
        [typeof(UpdateInfo)] = "chat.update-info",
        [typeof(GetInvite)] = "chat.get-invite",
        [typeof(RevokeInvite)] = "chat.revoke-invite",
        [typeof(Invite)] = "chat.invite",
        [typeof(ChatChanged)] = "chat.changed",
        [typeof(EditMessage)] = "chat.edit-message",
        [typeof(DeleteMessage)] = "chat.delete-message",
        [typeof(ToggleReaction)] = "chat.toggle-reaction",
        [typeof(Pin)] = "chat.pin",
        [typeof(Updated)] = "chat.updated",
        [typeof(Typing)] = "chat.typing",
        [typeof(GetHistory)] = "chat.get-history",
        [typeof(GetMessage)] = "chat.get-message",
        [typeof(MessageFound)] = "chat.message-found",
        [typeof(GetUpdates)] = "chat.get-updates",
        [typeof(GetSummary)] = "chat.get-summary",
        [typeof(GetInfo)] = "chat.get-info",
        [typeof(ChatDetails)] = "chat.details",
        [typeof(GetMembers)] = "chat.get-members",
        [typeof(MembersPage)] = "chat.members-page",
        [typeof(GetPins)] = "chat.get-pins",
        [typeof(PinnedMessages)] = "chat.pinned-messages",
        [typeof(PinnedMessage)] = "chat.pinned-message",
        [typeof(CheckMember)] = "chat.check-member",
        [typeof(IsMember)] = "chat.is-member",
        [typeof(CheckCanPost)] = "chat.check-can-post",
        [typeof(MarkRead)] = "chat.mark-read",
        [typeof(ReadMarked)] = "chat.read-marked",
        [typeof(ClearHistory)] = "chat.clear-history",
        [typeof(HistoryClearedReply)] = "chat.history-cleared-reply",
        [typeof(DeleteMessagesFrom)] = "chat.delete-messages-from",
        [typeof(SenderMessagesDeleted)] = "chat.sender-messages-deleted",
        [typeof(SetDirectBlock)] = "chat.set-direct-block",
        [typeof(DirectBlockSet)] = "chat.direct-block-set",
        [typeof(HistoryProjected)] = "chat.history-projected",

        // Parts of chat events and snapshots that also travel in messages (the history writer's batches).
        [typeof(ClearPoint)] = "chat.clear-point",
        [typeof(ChatSnapshotInfo)] = "chat.snapshot-info",
        [typeof(SnapshotMessage)] = "chat.snapshot-message",
        [typeof(UpdateRecord)] = "chat.update-record",
        [typeof(SentClientId)] = "chat.sent-client-id",
        [typeof(HistoryWriterActor.Project)] = "history.project",
        [typeof(HistoryWriterActor.Drain)] = "history.drain",
        [typeof(HistoryWriterActor.Drained)] = "history.drained",
        [typeof(ProjectionBatch)] = "history.projection-batch",

        // Views: replies and client event payloads.
        [typeof(MessageView)] = "view.message",
        [typeof(ForwardInfo)] = "view.forward",
        [typeof(AttachmentView)] = "view.attachment",
        [typeof(SystemEvent)] = "view.system-event",
        [typeof(MemberEntry)] = "view.member",
        [typeof(PinView)] = "view.pin",
        [typeof(ChatInfo)] = "view.chat-info",
        [typeof(ChatSummary)] = "view.chat-summary",
        [typeof(HistoryPage)] = "view.history-page",
        [typeof(ChatUpdate)] = "view.chat-update",
        [typeof(UpdatesPage)] = "view.updates-page",
        [typeof(Rejected)] = "reply.rejected",
        [typeof(Akka.Done)] = "reply.done",

        // Deliveries to clients and their payloads.
        [typeof(ClientEvent)] = "delivery.client-event",
        [typeof(DeliverToUsers)] = "delivery.deliver-to-users",
        [typeof(PushToConnections)] = "delivery.push-to-connections",
        [typeof(BroadcastToAll)] = "delivery.broadcast-to-all",
        [typeof(MessagesReadEvent)] = "event.messages-read",
        [typeof(OnlineUsersEvent)] = "event.online-users",
        [typeof(TypingEvent)] = "event.typing",
        [typeof(ChatRemovedEvent)] = "event.chat-removed",
        [typeof(MemberCountEvent)] = "event.member-count",
        [typeof(ChatClearedEvent)] = "event.chat-cleared",
        [typeof(SessionEndedEvent)] = "event.session-ended",
        [typeof(ServerStoppingEvent)] = "event.server-stopping",
        [typeof(UpdateAvailableEvent)] = "event.update-available",
        [typeof(UpdateCancelledEvent)] = "event.update-cancelled",
        [typeof(UserStatus)] = "event.user-status",
        [typeof(PrivacyChangedEvent)] = "event.privacy-changed",

        // User entities.
        [typeof(Connect)] = "user.connect",
        [typeof(Connected)] = "user.connected",
        [typeof(Disconnect)] = "user.disconnect",
        [typeof(MembershipNotice)] = "user.membership-notice",
        [typeof(MembershipRecorded)] = "user.membership-recorded",
        [typeof(GetChats)] = "user.get-chats",
        [typeof(UserChats)] = "user.chats",
        [typeof(GetPresence)] = "user.get-presence",
        [typeof(Presence)] = "user.presence",
        [typeof(PeerPresenceChanged)] = "user.peer-presence-changed",
        [typeof(GetPrivacy)] = "user.get-privacy",
        [typeof(SetPrivacy)] = "user.set-privacy",
        [typeof(SetUserBlock)] = "user.set-block",
        [typeof(PrivacySettings)] = "user.privacy-settings",
        [typeof(CheckAddConsent)] = "user.check-add-consent",
        [typeof(AddAllowed)] = "user.add-allowed",
        [typeof(SetBlockedBy)] = "user.set-blocked-by",
        [typeof(BlockedBySet)] = "user.blocked-by-set",

        // Sign-in sessions, kept by user entities.
        [typeof(StartSession)] = "session.start",
        [typeof(SessionStarted)] = "session.started",
        [typeof(CheckSession)] = "session.check",
        [typeof(SessionChecked)] = "session.checked",
        [typeof(EndSession)] = "session.end",
        [typeof(EndOtherSessions)] = "session.end-others",
        [typeof(EndAllSessions)] = "session.end-all",
        [typeof(SessionsEnded)] = "session.ended",
        [typeof(ListSessions)] = "session.list",
        [typeof(SessionList)] = "session.list-reply",
        [typeof(SessionView)] = "session.view",
        [typeof(SessionsRevoked)] = "session.revoked",

        // The user directory singleton.
        [typeof(UserAccount)] = "directory.account",
        [typeof(Register)] = "directory.register",
        [typeof(Registered)] = "directory.registered",
        [typeof(FindByUsername)] = "directory.find-by-username",
        [typeof(FindById)] = "directory.find-by-id",
        [typeof(Found)] = "directory.found",
        [typeof(ListUsers)] = "directory.list-users",
        [typeof(UserList)] = "directory.user-list",
        [typeof(RecordLogin)] = "directory.record-login",
        [typeof(ChangePasswordHash)] = "directory.change-password-hash",
        [typeof(PasswordHashChanged)] = "directory.password-hash-changed",
        [typeof(UpdateProfile)] = "directory.update-profile",
        [typeof(ProfileUpdated)] = "directory.profile-updated",
        [typeof(SearchUsers)] = "directory.search-users",
        [typeof(PresenceChanged)] = "directory.presence-changed",
        [typeof(OnlineContacts)] = "directory.online-contacts",
        [typeof(GetOnlineUsers)] = "directory.get-online-users",
        [typeof(OnlineUsers)] = "directory.online-users",
        [typeof(ListOnlineFor)] = "directory.list-online-for",
        [typeof(ConnectedOnline)] = "directory.connected-online",
        [typeof(SetBlocked)] = "directory.set-blocked",
        [typeof(SetAccountRole)] = "directory.set-account-role",
        [typeof(DeleteAccount)] = "directory.delete-account",
        [typeof(AccountChanged)] = "directory.account-changed",
        [typeof(CountUsers)] = "directory.count-users",
        [typeof(UserCount)] = "directory.user-count",

        // The update-notice and audit-log singletons.
        [typeof(UpdateNotice)] = "admin.update-notice",
        [typeof(AuditEntry)] = "admin.audit-entry",
        [typeof(PushUpdate)] = "admin.push-update",
        [typeof(CancelUpdate)] = "admin.cancel-update",
        [typeof(GetUpdate)] = "admin.get-update",
        [typeof(CurrentUpdate)] = "admin.current-update",
        [typeof(RecordAction)] = "admin.record-action",
        [typeof(GetAudit)] = "admin.get-audit",
        [typeof(AuditPage)] = "admin.audit-page",
        [typeof(UpdateChanged)] = "admin.update-changed",

        // What happened on a node, for its statistics.
        [typeof(ChatActivity)] = "activity.chat",
        [typeof(AttachmentActivity)] = "activity.attachment",
        [typeof(ConnectionsNow)] = "activity.connections-now",
    });
}
