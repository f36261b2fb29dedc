using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Admin.Stats;

/// <summary>Messages of the statistics actors: <c>NodeStatsActor</c> (one per node) and <c>StatsAggregatorActor</c>.</summary>
public static class StatsProtocol
{
    /// <summary>Asks the aggregator for the whole picture; the answer is a <see cref="StatsReport"/>.</summary>
    public sealed record GetStats;

    /// <summary>Counts the store again (after history was cleared or restored).</summary>
    public sealed record Recount;

    /// <summary>Asks one node's figures; the answer is a <see cref="NodeStats"/>.</summary>
    public sealed record GetNodeStats;

    public sealed record MinuteCount(long Minute, long Count);

    public sealed record HotChat(string ChatId, string Kind, long MessagesLast5Minutes, int? MailboxDepth);

    public sealed record MailboxDepth(string Actor, int Depth);

    public sealed record JournalFigures(long PostsMeasured, double P50Ms, double P99Ms, long PostsLastMinute);

    /// <summary>One node's figures: counters since the node started, and what is happening there now.</summary>
    public sealed record NodeStats(
        string Node,
        long Posted,
        long Deleted,
        long DirectChatsCreated,
        long GroupsCreated,
        long ChannelsCreated,
        long AttachmentsAdded,
        long AttachmentBytesAdded,
        int Connections,
        int ConnectedUsers,
        IReadOnlyList<MinuteCount> PostsPerMinute,
        IReadOnlyList<HotChat> Busiest,
        IReadOnlyList<MailboxDepth> Mailboxes,
        JournalFigures Journal,
        IReadOnlyList<MessageView> Recent,
        IReadOnlyList<string> DeletedMessageIds);

    /// <summary>A user for the "recent users" list.</summary>
    public sealed record RecentUser(int Id, string Username, string FullName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastSeen);

    /// <summary>Everything the admin panel shows, merged over the cluster's nodes.</summary>
    public sealed record StatsReport(
        DateTimeOffset At,
        long Users,
        long Messages,
        long DirectChats,
        long Groups,
        long Channels,
        long Attachments,
        long AttachmentBytes,
        int OnlineUsers,
        int Connections,
        IReadOnlyList<Persistence.StoredFileSize> Databases,
        long MinuteOfFirstSample,
        IReadOnlyList<long> MessagesPerMinute,
        IReadOnlyList<int> OnlinePerMinute,
        IReadOnlyList<RecentUser> RecentUsers,
        IReadOnlyList<MessageView> RecentMessages,
        IReadOnlyList<NodeStats> Nodes,
        int NodesAsked);
}
