using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>
/// A chat's member list in pages: a channel may have many thousands of subscribers, more than one answer
/// (or one frame between nodes) should carry. The order is the one a member list shows: the owner, then
/// the admins, then everyone else, each by join time (then user id, so equal times keep one order).
/// </summary>
public static class MemberPages
{
    /// <summary>The members in the chat's details, and a page when none is asked for.</summary>
    public const int DefaultSize = 100;

    /// <summary>The most members one page carries.</summary>
    public const int MaxSize = 500;

    public static (IReadOnlyList<MemberEntry> Page, bool HasMore) Page(IEnumerable<MemberEntry> members, int total, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(members);
        var size = Math.Clamp(limit <= 0 ? DefaultSize : limit, 1, MaxSize);
        var start = Math.Max(offset, 0);
        var page = members
            .OrderBy(m => Rank(m.Role))
            .ThenBy(m => m.JoinedAt)
            .ThenBy(m => m.UserId)
            .Skip(start)
            .Take(size)
            .ToList();
        return (page, start + page.Count < total);
    }

    private static int Rank(string role) => role switch
    {
        ChatRoles.Owner => 0,
        ChatRoles.Admin => 1,
        _ => 2,
    };
}
