using ActorMessenger.Actors.Serialization;
using ActorMessenger.Admin.Members;
using ActorMessenger.Admin.Stats;
using static ActorMessenger.Admin.Live.AdminLiveProtocol;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Serialization;

/// <summary>The wire names of the admin back end's messages (statistics gathered from every node, the live view).</summary>
public static class AdminManifests
{
    public static WireManifests Table { get; } = new(new Dictionary<Type, string>
    {
        [typeof(GetStats)] = "stats.get",
        [typeof(Recount)] = "stats.recount",
        [typeof(GetNodeStats)] = "stats.get-node",
        [typeof(MinuteCount)] = "stats.minute-count",
        [typeof(HotChat)] = "stats.hot-chat",
        [typeof(MailboxDepth)] = "stats.mailbox-depth",
        [typeof(JournalFigures)] = "stats.journal-figures",
        [typeof(NodeStats)] = "stats.node",
        [typeof(RecentUser)] = "stats.recent-user",
        [typeof(StatsReport)] = "stats.report",
        [typeof(Persistence.StoredFileSize)] = "stats.stored-file-size",
        [typeof(StatsGathererActor.Gathered)] = "stats.gathered",
        [typeof(ClusterProtocol.GetNodeFigures)] = "cluster.get-node",
        [typeof(ClusterProtocol.NodeFigures)] = "cluster.node",
        [typeof(ClusterProtocol.GatherFigures)] = "cluster.gather",
        [typeof(ClusterProtocol.GatheredFigures)] = "cluster.gathered",
        [typeof(ClusterProtocol.LeaveCluster)] = "cluster.leave",
        [typeof(ClusterProtocol.Leaving)] = "cluster.leaving",
        [typeof(AdminDisconnected)] = "admin-live.disconnected",
        [typeof(GetAdminConnections)] = "admin-live.get-connections",
    });
}
