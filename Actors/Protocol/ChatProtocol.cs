namespace ActorMessenger.Actors.Protocol;

/// <summary>Commands and queries handled by <c>ChatActor</c>; replies follow each one.</summary>
public static class ChatProtocol
{
    /// <summary>What a new message carries besides its text.</summary>
    public sealed record MessageExtras(long? ReplyTo = null, ForwardInfo? Forward = null, AttachmentView? Attachment = null);

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
        bool CreateDirect,
        MessageExtras? Extras = null) : IWithChatId;

    /// <summary>Reply to <see cref="PostMessage"/>: the stored message (or the original on a retry).</summary>
    public sealed record MessageAccepted(MessageView Message, bool Duplicate, long? UpdateSeq = null);

    /// <summary>Create a group or a channel; the creator becomes its owner.</summary>
    public sealed record CreateChat(
        string ChatId,
        ChatKind Kind,
        int CreatorId,
        string Title,
        string? Description,
        string? Icon,
        bool IsPublic,
        IReadOnlyList<int> Members) : IWithChatId;

    public sealed record ChatCreatedReply(ChatInfo Info);

    public sealed record AddMembers(string ChatId, int ActorId, IReadOnlyList<int> UserIds) : IWithChatId;

    public sealed record RemoveMember(string ChatId, int ActorId, int UserId) : IWithChatId;

    public sealed record Leave(string ChatId, int UserId) : IWithChatId;

    /// <summary>Join a public channel, or any group or channel with its invite code.</summary>
    public sealed record Join(string ChatId, int UserId, string? InviteSecret) : IWithChatId;

    public sealed record SetRole(string ChatId, int ActorId, int UserId, string Role) : IWithChatId;

    public sealed record UpdateInfo(string ChatId, int ActorId, string? Title, string? Description, string? Icon) : IWithChatId;

    /// <summary>
    /// The chat's invite, made anew when there is none (revoked), or when <paramref name="Regenerate"/>
    /// or a limit is given: the new one then replaces the old, which stops working.
    /// </summary>
    public sealed record GetInvite(string ChatId, int ActorId, bool Regenerate = false, TimeSpan? ExpiresIn = null, int? MaxUses = null) : IWithChatId;

    /// <summary>The chat has no invite until one is asked for again; the old one answers invite_revoked.</summary>
    public sealed record RevokeInvite(string ChatId, int ActorId) : IWithChatId;

    /// <summary>Reply to invite commands: the current invite, or none (<paramref name="Secret"/> null) after a revocation.</summary>
    public sealed record Invite(string ChatId, string? Secret, DateTimeOffset? ExpiresAt = null, int? MaxUses = null, int Uses = 0);

    /// <summary>Reply to membership and info commands: the chat as it is now.</summary>
    public sealed record ChatChanged(ChatInfo Info);

    public sealed record EditMessage(string ChatId, int ActorId, long Seq, string Text) : IWithChatId;

    public sealed record DeleteMessage(string ChatId, int ActorId, long Seq) : IWithChatId;

    /// <summary>Adds the emoji to the user's reactions on the message, or removes it if there.</summary>
    public sealed record ToggleReaction(string ChatId, int ActorId, long Seq, string Emoji) : IWithChatId;

    public sealed record Pin(string ChatId, int ActorId, long Seq, bool Pinned) : IWithChatId;

    /// <summary>Reply to edits, deletions, reactions and pins: the update that was applied.</summary>
    public sealed record Updated(ChatUpdate Update);

    public sealed record Typing(string ChatId, int UserId) : IWithChatId;

    public sealed record GetHistory(string ChatId, int RequesterId, long? BeforeSeq, int Limit) : IWithChatId;

    public sealed record GetMessage(string ChatId, int RequesterId, long Seq) : IWithChatId;

    public sealed record MessageFound(MessageView Message);

    public sealed record GetUpdates(string ChatId, int RequesterId, long AfterUpdateSeq, int Limit) : IWithChatId;

    public sealed record GetSummary(string ChatId, int RequesterId) : IWithChatId;

    public sealed record GetInfo(string ChatId, int RequesterId) : IWithChatId;

    /// <summary>The chat, the first page of its members (see <c>MemberPages</c>; the count is <c>Info.MemberCount</c>) and its pins.</summary>
    public sealed record ChatDetails(ChatInfo Info, IReadOnlyList<MemberEntry> Members, IReadOnlyList<PinView> Pins, bool MoreMembers = false);

    /// <summary>A page of the member list, <paramref name="Offset"/> members in (owner, admins, members, each by join time).</summary>
    public sealed record GetMembers(string ChatId, int RequesterId, int Offset, int Limit) : IWithChatId;

    public sealed record MembersPage(string ChatId, int Total, IReadOnlyList<MemberEntry> Members, bool HasMore);

    public sealed record GetPins(string ChatId, int RequesterId) : IWithChatId;

    public sealed record PinnedMessages(string ChatId, IReadOnlyList<PinnedMessage> Pins);

    public sealed record PinnedMessage(PinView Pin, MessageView Message);

    public sealed record CheckMember(string ChatId, int UserId) : IWithChatId;

    public sealed record IsMember(string ChatId, int UserId, string Role);

    /// <summary>Whether the user may post in the chat (as <see cref="PostMessage"/> would check): <see cref="IsMember"/> or a refusal.</summary>
    public sealed record CheckCanPost(string ChatId, int UserId) : IWithChatId;

    public sealed record MarkRead(string ChatId, int UserId, long Seq) : IWithChatId;

    public sealed record ReadMarked(string ChatId, int UserId, long ReadSeq, long UnreadCount);

    /// <summary>
    /// An admin clears the chat's history: every message stored so far goes (journal content, read
    /// model, search, files, pins); members, roles, invites and read positions stay, and <c>seq</c> and
    /// <c>updateSeq</c> go on (never reused). Handled in mailbox order, so a message posted around it
    /// is either cleared whole or kept whole. Answered with <see cref="HistoryClearedReply"/> once the
    /// read model no longer holds the cleared messages.
    /// </summary>
    public sealed record ClearHistory(string ChatId, int ActorId) : IWithChatId;

    /// <param name="UpToSeq">Every message up to this seq is gone.</param>
    /// <param name="Messages">How many seqs this clear removed (system and deleted messages included); 0 when nothing was left to clear.</param>
    /// <param name="JournalSequenceNr">The journal sequence number of the clear: older events are to lose their content.</param>
    public sealed record HistoryClearedReply(string ChatId, long UpToSeq, long Messages, long JournalSequenceNr);

    /// <summary>
    /// An admin deletes every message <paramref name="SenderId"/> sent in this chat (their account is
    /// being deleted), whether or not they are still a member: each is deleted as by
    /// <see cref="DeleteMessage"/> (members get <c>message_deleted</c>; content and files leave storage).
    /// System messages stay. Answered with <see cref="SenderMessagesDeleted"/>.
    /// </summary>
    public sealed record DeleteMessagesFrom(string ChatId, int SenderId, int ActorId) : IWithChatId;

    public sealed record SenderMessagesDeleted(string ChatId, int Count);

    /// <summary>The history projector has stored every update up to <paramref name="UpToUpdateSeq"/>.</summary>
    /// <summary>
    /// One member of a direct chat blocked (or unblocked) the other: while either has, neither posts.
    /// Stored even before the chat's first message, so a block also stops a chat from starting.
    /// </summary>
    public sealed record SetDirectBlock(string ChatId, int BlockerId, bool Blocked) : IWithChatId;

    /// <summary>Reply to <see cref="SetDirectBlock"/>: the members who block the other now.</summary>
    public sealed record DirectBlockSet(string ChatId, IReadOnlyList<int> BlockedBy);

    public sealed record HistoryProjected(string ChatId, long UpToUpdateSeq) : IWithChatId;
}

/// <summary>Events and snapshot of a chat, in the journal under <c>chat-{chatId}</c>.</summary>
public static class ChatEvents
{
    public sealed record ChatCreated(
        string ChatId,
        ChatKind Kind,
        IReadOnlyList<MemberEntry> Members,
        DateTimeOffset At,
        string? Title = null,
        string? Description = null,
        string? Icon = null,
        bool IsPublic = false,
        string? InviteSecret = null,
        MessageView? SystemMessage = null) : IPersisted;

    /// <param name="Redacted">
    /// True once the message's content (text, file, forward, reactions) was removed from this stored
    /// event because a later event edited or deleted it; replay still ends at the message as it is now.
    /// </param>
    public sealed record MessagePosted(MessageView Message, bool? Redacted = null) : IPersisted;

    /// <summary>An edit, deletion or reaction: the message as it is after the change.</summary>
    /// <param name="Redacted">As for <see cref="MessagePosted"/>: this event's content was removed by a later change.</param>
    public sealed record MessageChanged(MessageView Message, string Change, bool? Redacted = null) : IPersisted;

    public sealed record PinChanged(long Seq, bool Pinned, int By, DateTimeOffset At) : IPersisted;

    /// <summary>
    /// Members added or given a new role, members removed, and the system message that says so (none
    /// when a subscriber joins or leaves a channel: thousands of subscribers need not hear of each other).
    /// </summary>
    /// <param name="ByInvite">The invite secret a joining user came with: it counts toward the invite's use limit.</param>
    public sealed record MembershipChanged(IReadOnlyList<MemberEntry> Upserted, IReadOnlyList<int> Removed, MessageView? SystemMessage, string? ByInvite = null) : IPersisted;

    /// <summary>
    /// The invite was made anew, rotated (a member was removed, an admin demoted) or revoked
    /// (<paramref name="Secret"/> null). The secret it replaces stops working.
    /// </summary>
    public sealed record InviteChanged(string? Secret, DateTimeOffset? ExpiresAt, int? MaxUses, int Uses) : IPersisted;

    public sealed record InfoChanged(string? Title, string? Description, string? Icon, MessageView SystemMessage) : IPersisted;

    public sealed record ReadPositionAdvanced(int UserId, long Seq) : IPersisted;

    /// <summary>An admin cleared the chat's history: every message up to <paramref name="UpToSeq"/> is gone.</summary>
    public sealed record HistoryCleared(long UpToSeq, int By, DateTimeOffset At) : IPersisted;

    /// <summary>The chat's last clear: messages up to <paramref name="UpToSeq"/> are gone; it took update <paramref name="AtUpdateSeq"/>.</summary>
    public sealed record ClearPoint(long UpToSeq, long AtUpdateSeq, DateTimeOffset At);

    /// <summary>These users' entities have recorded their current membership of the chat.</summary>
    public sealed record MembersNotified(IReadOnlyList<int> Members) : IPersisted;

    /// <summary>In a direct chat, member <paramref name="By"/> blocked (or unblocked) the other.</summary>
    public sealed record DirectBlockChanged(int By, bool Blocked, DateTimeOffset At) : IPersisted;

    /// <summary>
    /// A chat's state at one event. Messages and updates the history store held when it was taken (up to
    /// update <paramref name="ProjectedUpToUpdateSeq"/>) are left out, except the newest page: they are
    /// read from the store, and a store found behind that point makes the chat replay its journal.
    /// Snapshots from before this field (0) carry the chat's whole recent window.
    /// </summary>
    public sealed record ChatSnapshot(
        ChatSnapshotInfo Info,
        IReadOnlyList<MemberEntry> Members,
        long LastSeq,
        long LastUpdateSeq,
        IReadOnlyList<SnapshotMessage> Messages,
        IReadOnlyList<UpdateRecord> Updates,
        IReadOnlyList<PinView> Pins,
        IReadOnlyDictionary<int, long> ReadPositions,
        IReadOnlyList<SentClientId> RecentClientIds,
        IReadOnlyList<int> PendingNotices,
        ClearPoint? Cleared = null,
        IReadOnlyList<int>? BlockedBy = null,
        long ProjectedUpToUpdateSeq = 0) : IPersisted;

    public sealed record ChatSnapshotInfo(
        string ChatId,
        ChatKind Kind,
        string? Title,
        string? Description,
        string? Icon,
        bool IsPublic,
        string? InviteSecret,
        DateTimeOffset CreatedAt,
        DateTimeOffset? InviteExpiresAt = null,
        int? InviteMaxUses = null,
        int InviteUses = 0,
        IReadOnlyList<string>? RetiredInvites = null);

    /// <summary>A message held in memory, and the update that last changed it.</summary>
    public sealed record SnapshotMessage(MessageView Message, long ChangedAt);

    /// <summary>An update as the journal, the snapshot and the updates table keep it: the message is looked up when served.</summary>
    public sealed record UpdateRecord(long UpdateSeq, string Type, long Seq, PinView? Pin);

    public sealed record SentClientId(int SenderId, string ClientId, long Seq);
}

/// <summary>An event pushed to a client connection: hub method name and its single argument.</summary>
public sealed record ClientEvent(string Name, object Payload);

/// <summary>
/// One event for many users, published by a chat to every gateway node; each node pushes it to the
/// connections it holds for those users (all but <paramref name="ExceptConnectionId"/>) in one call.
/// </summary>
public sealed record DeliverToUsers(IReadOnlyList<int> UserIds, ClientEvent Event, string? ExceptConnectionId);

/// <summary>
/// How events reach every gateway node's outbox: broadcasts by the topic, chats' <see cref="DeliverToUsers"/>
/// by the outbox's path, under which each outbox registers with distributed pub-sub (see <c>NodeDeliveries</c>).
/// </summary>
public static class DeliveryTopic
{
    public const string Name = "deliveries";

    /// <summary>The outbox's actor name, the same on every node.</summary>
    public const string OutboxName = "outbox";

    public const string OutboxPath = "/user/" + OutboxName;
}

/// <summary>Pushes one event to connections held by one gateway node.</summary>
public sealed record PushToConnections(IReadOnlyList<string> ConnectionIds, ClientEvent Event);
