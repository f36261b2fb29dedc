using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Text;

namespace ActorMessenger.Actors.Chat;

/// <summary>Who may do what in a chat. Each check returns the refusal, or null when allowed.</summary>
public static class ChatRules
{
    private static Rejected NotMember => new(ErrorCodes.NotMember, "You are not a member of this chat.");

    private static Rejected Forbidden(string why) => new(ErrorCodes.Forbidden, why);

    public static Rejected? CanPost(ChatState chat, int userId) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind == ChatKind.Channel && !chat.IsManager(userId) ? Forbidden("Only channel admins post in a channel.")
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

    public static Rejected? CanJoin(ChatState chat, string? inviteSecret) =>
        chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "Nobody joins a direct chat.")
        : inviteSecret is not null && chat.InviteSecret is { } secret && CryptographicEquals(inviteSecret, secret) ? null
        : chat.Kind == ChatKind.Channel && chat.IsPublic && inviteSecret is null ? null
        : inviteSecret is not null ? new Rejected(ErrorCodes.InvalidInvite, "The invite is not valid.")
        : Forbidden("This chat is joined by invite only.");

    public static Rejected? CanLeave(ChatState chat, int userId) =>
        !chat.IsMember(userId) ? NotMember
        : chat.Kind == ChatKind.Direct ? new Rejected(ErrorCodes.InvalidRequest, "A direct chat cannot be left.")
        : null;

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a),
            System.Text.Encoding.UTF8.GetBytes(b));
}
