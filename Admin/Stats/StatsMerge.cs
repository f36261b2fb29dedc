using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Stats;

/// <summary>
/// Merges the store's counts with what every node has seen since they were taken: a node's
/// counters as they stood when the store was counted are subtracted, so nothing counts twice.
/// </summary>
public static class StatsMerge
{
    public const int RecentUsers = 5;

    /// <summary>The store's figures without the recent messages any node has seen deleted.</summary>
    public static StoreFigures WithoutDeleted(StoreFigures baseline, IReadOnlyList<NodeStats> nodes)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(nodes);
        var deleted = nodes.SelectMany(n => n.DeletedMessageIds).ToHashSet(StringComparer.Ordinal);
        return baseline.Recent.Any(m => deleted.Contains(m.Id))
            ? baseline with { Recent = [.. baseline.Recent.Where(m => !deleted.Contains(m.Id))] }
            : baseline;
    }

    public static StatsReport Report(
        DateTimeOffset now,
        StoreFigures baseline,
        IReadOnlyDictionary<string, NodeStats> atBaseline,
        IReadOnlyList<NodeStats> nodes,
        IReadOnlyList<UserAccount> users,
        int onlineUsers,
        TimeRing onlinePerMinute,
        IReadOnlyList<StoredFileSize> databases,
        int nodesAsked)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(atBaseline);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(onlinePerMinute);
        long Since(Func<NodeStats, long> figure) =>
            nodes.Sum(n => figure(n) - (atBaseline.TryGetValue(n.Node, out var then) ? figure(then) : 0));

        var minute = TimeRing.MinuteOf(now);
        var first = minute - NodeFigures.DayMinutes + 1;
        var perMinute = new long[NodeFigures.DayMinutes];
        foreach (var count in nodes.SelectMany(n => n.PostsPerMinute).Where(c => c.Minute >= first && c.Minute <= minute))
        {
            perMinute[count.Minute - first] += count.Count;
        }

        var online = Enumerable.Range(0, NodeFigures.DayMinutes).Select(i => (int)onlinePerMinute.At(first + i)).ToArray();
        var recent = nodes.SelectMany(n => n.Recent)
            .Concat(baseline.Recent)
            .DistinctBy(m => m.Id)
            .OrderByDescending(m => m.CreatedAt)
            .Take(NodeFigures.RecentMessages)
            .ToList();

        return new StatsReport(
            now,
            users.Count,
            baseline.Messages + Since(n => n.Posted - n.Deleted),
            baseline.DirectChats + Since(n => n.DirectChatsCreated),
            baseline.Groups + Since(n => n.GroupsCreated),
            baseline.Channels + Since(n => n.ChannelsCreated),
            baseline.Attachments + Since(n => n.AttachmentsAdded),
            baseline.AttachmentBytes + Since(n => n.AttachmentBytesAdded),
            onlineUsers,
            nodes.Sum(n => n.Connections),
            databases,
            first,
            perMinute,
            online,
            [.. users.OrderByDescending(u => u.CreatedAt).Take(RecentUsers)
                .Select(u => new RecentUser(u.Id, u.Username, u.FullName, u.Role, u.CreatedAt, u.LastSeen))],
            recent,
            [.. nodes.OrderBy(n => n.Node, StringComparer.Ordinal)],
            nodesAsked);
    }
}
