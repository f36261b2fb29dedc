using Akka.Actor;
using Akka.Cluster;
using static ActorMessenger.Admin.Members.ClusterProtocol;

namespace ActorMessenger.Admin.Members;

/// <summary><c>GET /admin/cluster</c>: the members as this node sees them, each with the figures its node gave (or none, if it did not answer).</summary>
public static class ClusterViews
{
    public sealed record MemberView(
        string Address,
        string Status,
        IReadOnlyList<string> Roles,
        bool Reachable,
        bool Leader,
        bool Oldest,
        bool Self,
        bool Answered,
        NodeFigures? Node);

    public sealed record ClusterView(string Self, string? Leader, string? Oldest, int Members, int Up, int Unreachable, int Answered, IReadOnlyList<MemberView> Nodes);

    /// <summary>Members a gatherer can expect an answer from: reachable, and in the cluster or on their way in or out.</summary>
    public static int ExpectedAnswers(ClusterEvent.CurrentClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Members.Count(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining or MemberStatus.Leaving);
    }

    public static ClusterView Of(ClusterEvent.CurrentClusterState state, Address self, IReadOnlyList<NodeFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(figures);
        var byAddress = figures.GroupBy(f => f.Address, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var oldest = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();
        var nodes = state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m =>
            {
                var node = byAddress.GetValueOrDefault(m.Address.ToString());
                return new MemberView(
                    m.Address.ToString(),
                    m.Status.ToString(),
                    m.Roles.Order(StringComparer.Ordinal).ToList(),
                    Reachable: !state.Unreachable.Contains(m),
                    Leader: m.Address == state.Leader,
                    Oldest: oldest is not null && m.Address == oldest.Address,
                    Self: m.Address == self,
                    Answered: node is not null,
                    node);
            })
            .ToList();
        return new ClusterView(
            self.ToString(),
            state.Leader?.ToString(),
            oldest?.Address.ToString(),
            nodes.Count,
            nodes.Count(n => n.Status == nameof(MemberStatus.Up)),
            nodes.Count(n => !n.Reachable),
            nodes.Count(n => n.Answered),
            nodes);
    }
}
