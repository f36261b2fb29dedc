using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Actors.User;

/// <summary>
/// A user's consent, as Telegram has it: who may add them to groups and channels, and whom they
/// block. Each check returns the refusal, or null when allowed.
/// </summary>
public static class ConsentRules
{
    /// <summary>The values of the "who can add me" setting; <see cref="Everyone"/> until the user changes it.</summary>
    public static class WhoCanAddMe
    {
        public const string Everyone = "everyone";

        /// <summary>Only people the user already has a direct chat with.</summary>
        public const string Contacts = "contacts";

        public const string Nobody = "nobody";

        public static bool IsValid(string? value) => value is Everyone or Contacts or Nobody;
    }

    /// <summary>How many users one user may block: the list lives in the user's state and snapshots.</summary>
    public const int MaxBlocked = 1000;

    /// <summary>
    /// May <paramref name="adderId"/> add <paramref name="userId"/> to a group or channel? Not when
    /// the user blocked them, nor when the setting excludes them. Adding oneself is always allowed.
    /// </summary>
    public static Rejected? CanAdd(int userId, int adderId, string whoCanAddMe, bool adderBlocked, bool sharesDirectChat) =>
        userId == adderId ? null
        : adderBlocked || whoCanAddMe == WhoCanAddMe.Nobody || (whoCanAddMe == WhoCanAddMe.Contacts && !sharesDirectChat)
            ? new Rejected(ErrorCodes.PrivacyRestricted, $"User {userId} does not allow you to add them to groups and channels.")
        : null;

    public static Rejected? CanSetPrivacy(string? whoCanAddMe) =>
        WhoCanAddMe.IsValid(whoCanAddMe)
            ? null
            : new Rejected(ErrorCodes.InvalidRequest, "whoCanAddMe must be 'everyone', 'contacts' or 'nobody'.");

    public static Rejected? CanBlock(int userId, int targetId, bool block, int alreadyBlocked, bool isBlocked) =>
        targetId <= 0 ? new Rejected(ErrorCodes.InvalidRequest, "The user id must be positive.")
        : targetId == userId ? new Rejected(ErrorCodes.InvalidRequest, "You cannot block yourself.")
        : block && !isBlocked && alreadyBlocked >= MaxBlocked ? new Rejected(ErrorCodes.InvalidRequest, $"At most {MaxBlocked} users can be blocked.")
        : null;

    /// <summary>
    /// May <paramref name="senderId"/> write in a direct chat where <paramref name="blockedBy"/> are the
    /// members who block the other? Neither side writes while a block stands; the blocker is told how to lift it.
    /// </summary>
    public static Rejected? CanWriteDirect(IReadOnlyCollection<int> blockedBy, int senderId) =>
        blockedBy.Count == 0 ? null
        : blockedBy.Contains(senderId) ? new Rejected(ErrorCodes.Blocked, "You blocked this user; unblock them to write.")
        : new Rejected(ErrorCodes.Blocked, "This user does not accept your messages.");
}
