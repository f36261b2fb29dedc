using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Text;
using ActorMessenger.Actors.User;

namespace ActorMessenger.Actors.Chat;

/// <summary>Who may do what in a chat. Each check returns the refusal, or null when allowed.</summary>
public static class ChatRules
{
    private static Rejected NotMember => new(ErrorCodes.NotMember, "You are not a member of this chat.");

    private static Rejected Forbidden(string why) => new(ErrorCodes.Forbidden, why);

    public static Rejected? CanPost(ChatState chat, int userId) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind == ChatKind.Channel && !chat.IsManager(userId) ? Forbidden("Only channel admins post in a channel.")
        : chat.Kind == ChatKind.Direct ? ConsentRules.CanWriteDirect(chat.BlockedBy, userId)
        : null;

    /// <summary>Only a member of a direct chat blocks in it (its id names both, so this holds before the chat exists).</summary>
    public static Rejected? CanBlockIn(string chatId, int blockerId) =>
        !ChatIds.TryParseDirect(chatId, out var low, out var high) ? new Rejected(ErrorCodes.InvalidRequest, "Blocking applies to direct chats only.")
        : blockerId != low && blockerId != high ? NotMember
        : low == high ? new Rejected(ErrorCodes.InvalidRequest, "You cannot block yourself.")
        : null;

    public static Rejected? CanRead(ChatState chat, int userId) => chat.IsMember(userId) ? null : NotMember;

    public static Rejected? CanEdit(ChatState chat, int userId, MessageView message) =>
        !chat.IsMember(userId) ? NotMember
        : message.SenderId != userId || message.System is not null ? Forbidden("Only the author may edit a message.")
        : message.Deleted ? new Rejected(ErrorCodes.MessageDeleted, "The message was deleted.")
        : null;

    public static Rejected? CanDelete(ChatState chat, int userId, MessageView message) =>
        !chat.IsMember(userId) ? NotMember
        : message.Deleted ? new Rejected(ErrorCodes.MessageDeleted, "The message was deleted already.")
        : message.SenderId == userId && message.System is null ? null
        : chat.Kind != ChatKind.Direct && chat.IsManager(userId) ? null
        : Forbidden("Only the author, or an admin of a group or channel, may delete a message.");

    public static Rejected? CanReact(ChatState chat, int userId, MessageView message, string emoji) =>
        !chat.IsMember(userId) ? NotMember
        : message.Deleted ? new Rejected(ErrorCodes.MessageDeleted, "The message was deleted.")
        : message.System is not null ? new Rejected(ErrorCodes.InvalidRequest, "A system message takes no reactions.")
        : !Emoji.IsSingleEmoji(emoji) ? new Rejected(ErrorCodes.InvalidEmoji, "A reaction is exactly one emoji.")
        : null;

    /// <summary>
    /// Whether <paramref name="userId"/> may add <paramref name="emoji"/> to a message that has
    /// <paramref name="reactions"/> (taking one back is always allowed). A message carries every reaction
    /// with who made it, and crosses nodes whole (in history pages, updates, summaries), so its reactions
    /// are bounded whatever the chat's size: a few per person, a few kinds, a fixed total per message.
    /// </summary>
    public static Rejected? CanAddReaction(IReadOnlyDictionary<string, IReadOnlyList<int>>? reactions, int userId, string emoji, MessengerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var current = reactions ?? new Dictionary<string, IReadOnlyList<int>>();
        return current.Values.Count(u => u.Contains(userId)) >= settings.MaxReactionsPerUser
                ? new Rejected(ErrorCodes.InvalidEmoji, $"At most {settings.MaxReactionsPerUser} reactions per person on a message.")
            : !current.ContainsKey(emoji) && current.Count >= settings.MaxReactionKindsPerMessage
                ? new Rejected(ErrorCodes.InvalidEmoji, $"At most {settings.MaxReactionKindsPerMessage} different reactions on a message: add one of those it has.")
            : current.Values.Sum(u => u.Count) >= settings.MaxReactionsPerMessage
                ? new Rejected(ErrorCodes.InvalidEmoji, $"This message has the most reactions a message takes ({settings.MaxReactionsPerMessage}).")
            : null;
    }

    public static Rejected? CanPin(ChatState chat, int userId, MessageView message) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind != ChatKind.Direct && !chat.IsManager(userId) ? Forbidden("Only admins pin messages here.")
        : message.Deleted ? new Rejected(ErrorCodes.MessageDeleted, "The message was deleted.")
        : null;

    public static Rejected? CanManageMembers(ChatState chat, int userId) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "A direct chat has exactly its two members.")
        : !chat.IsManager(userId) ? Forbidden("Only the owner and admins manage members.")
        : null;

    public static Rejected? CanRemove(ChatState chat, int actorId, int userId) =>
        CanManageMembers(chat, actorId)
        ?? (!chat.IsMember(userId) ? new Rejected(ErrorCodes.UnknownUser, "That user is not a member.")
        : userId == actorId ? new Rejected(ErrorCodes.InvalidRequest, "Use leave to leave a chat.")
        : chat.RoleOf(userId) == ChatRoles.Owner ? Forbidden("Nobody removes the owner.")
        : chat.RoleOf(userId) == ChatRoles.Admin && chat.RoleOf(actorId) != ChatRoles.Owner ? Forbidden("Only the owner removes an admin.")
        : null);

    public static Rejected? CanSetRole(ChatState chat, int actorId, int userId, string role) =>
        !chat.IsMember(actorId) ? NotMember
        : chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "A direct chat has no roles.")
        : chat.RoleOf(actorId) != ChatRoles.Owner ? Forbidden("Only the owner appoints and removes admins.")
        : role is not (ChatRoles.Admin or ChatRoles.Member) ? new Rejected(ErrorCodes.InvalidRole, "role must be 'admin' or 'member'.")
        : !chat.IsMember(userId) ? new Rejected(ErrorCodes.UnknownUser, "That user is not a member.")
        : userId == actorId ? new Rejected(ErrorCodes.InvalidRequest, "The owner stays owner.")
        : null;

    public static Rejected? CanUpdateInfo(ChatState chat, int userId) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "A direct chat has no title.")
        : !chat.IsManager(userId) ? Forbidden("Only the owner and admins change the chat.")
        : null;

    /// <summary>
    /// A public channel is open to anyone; a group or private channel takes its current invite, while
    /// it has not expired or been used up. A replaced or revoked one says so.
    /// </summary>
    public static Rejected? CanJoin(ChatState chat, string? inviteSecret, DateTimeOffset now) =>
        chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "Nobody joins a direct chat.")
        : inviteSecret is null
            ? chat.Kind == ChatKind.Channel && chat.IsPublic ? null : new Rejected(ErrorCodes.InviteRequired, "This chat is joined with an invite only.")
        : chat.Invite is { } invite && CryptographicEquals(inviteSecret, invite.Secret)
            ? invite.ExpiredAt(now) ? new Rejected(ErrorCodes.InviteExpired, "This invite has expired; ask for a new one.")
            : invite.UsedUp ? new Rejected(ErrorCodes.InviteUsedUp, "This invite has been used as many times as it allows; ask for a new one.")
            : null
        : chat.RetiredInvites.Any(old => CryptographicEquals(inviteSecret, old)) ? new Rejected(ErrorCodes.InviteRevoked, "This invite was revoked or replaced; ask for a new one.")
        : new Rejected(ErrorCodes.InvalidInvite, "The invite is not valid.");

    public static Rejected? CanManageInvite(ChatState chat, int userId) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "A direct chat has no invite.")
        : !chat.IsManager(userId) ? Forbidden("Only the owner and admins see and change the invite.")
        : null;

    /// <summary>
    /// Whether a membership change must rotate the invite: whoever is removed, or an admin who is made
    /// a member, may know it. Leaving by oneself does not: rejoining is no intrusion.
    /// </summary>
    public static bool RotatesInvite(ChatState chat, IReadOnlyList<MemberEntry> upserted, IReadOnlyList<int> removedByOthers) =>
        chat.Invite is not null
        && (removedByOthers.Count > 0 || upserted.Any(m => m.Role == ChatRoles.Member && chat.RoleOf(m.UserId) == ChatRoles.Admin));

    public static Rejected? CanLeave(ChatState chat, int userId) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "A direct chat cannot be left.")
        : null;

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a),
            System.Text.Encoding.UTF8.GetBytes(b));
}
