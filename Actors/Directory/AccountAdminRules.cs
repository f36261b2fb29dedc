using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Actors.Directory;

/// <summary>What an admin may do to an account: never to themselves, never leave the server without an admin.</summary>
public static class AccountAdminRules
{
    public enum Change
    {
        Block,
        Unblock,
        Delete,
        GrantAdmin,
        TakeAdmin,
    }

    public static Rejected? Check(IEnumerable<UserAccount> accounts, int adminId, int targetId, Change change)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var all = accounts.ToList();
        if (all.Find(a => a.Id == targetId) is not { } target)
        {
            return new Rejected(ErrorCodes.UnknownUser, $"There is no user {targetId}.");
        }

        var takesAwayAnAdmin = change is Change.Block or Change.Delete or Change.TakeAdmin;
        if (takesAwayAnAdmin && targetId == adminId)
        {
            return new Rejected(ErrorCodes.Forbidden, "You cannot block or delete yourself, or take your own admin role.");
        }

        var activeAdmins = all.Count(a => a.Role == Roles.Admin && !a.Blocked);
        return takesAwayAnAdmin && target.Role == Roles.Admin && !target.Blocked && activeAdmins <= 1
            ? new Rejected(ErrorCodes.Forbidden, "This is the last admin: make someone else an admin first.")
            : null;
    }
}
