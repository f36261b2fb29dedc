using ActorMessenger.Actors;
using Akka.Actor;
using Akka.Cluster;
using static ActorMessenger.Admin.Members.ClusterProtocol;

namespace ActorMessenger.Admin.Members;

/// <summary>Asks every node what it holds, now: the cluster state as this node sees it, and the figures of the nodes that answered in time.</summary>
public static class ClusterQuery
{
    /// <summary>How long the nodes get to answer; one that does not is left out.</summary>
    public static readonly TimeSpan GatherDeadline = TimeSpan.FromSeconds(3);

    public static async Task<(ClusterEvent.CurrentClusterState State, Address Self, IReadOnlyList<NodeFigures> Nodes)> Gather(ActorSystem system, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var gatherer = system.ActorOf(ClusterGathererActor.Props(ClusterViews.ExpectedAnswers(state), GatherDeadline));
        var gathered = await gatherer.AskFor<GatheredFigures>(new GatherFigures(), GatherDeadline + TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        return (state, cluster.SelfAddress, gathered.Nodes);
    }

    /// <summary>The URLs of the nodes a client may use now: Up, reachable, answering and not stopping.</summary>
    public static IReadOnlyList<string> LiveUrls(ClusterEvent.CurrentClusterState state, IReadOnlyList<NodeFigures> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodes);
        var usable = state.Members
            .Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m))
            .Select(m => m.Address.ToString())
            .ToHashSet(StringComparer.Ordinal);
        return nodes.Where(n => usable.Contains(n.Address) && !n.Stopping).OrderBy(n => n.Address, StringComparer.Ordinal).SelectMany(n => n.Urls).Distinct(StringComparer.Ordinal).ToList();
    }
}
