namespace ActorMessenger.Admin.Members;

/// <summary>Messages of the cluster view: each node's <c>ClusterNodeActor</c> and the <c>ClusterGathererActor</c> that asks them all.</summary>
public static class ClusterProtocol
{
    /// <summary>Asks one node what it holds; the answer is a <see cref="NodeFigures"/>.</summary>
    public sealed record GetNodeFigures;

    /// <summary>
    /// What one node holds now. Shard and entity counts are null when its shard region did not answer
    /// in time; <paramref name="Urls"/> are the addresses browsers reach this node on directly;
    /// <paramref name="Singletons"/> the cluster singletons whose instance runs on this node now.
    /// </summary>
    public sealed record NodeFigures(
        string Address,
        IReadOnlyList<string> Urls,
        string Version,
        DateTimeOffset StartedAt,
        DateTimeOffset? UpSince,
        int? ChatShards,
        int? Chats,
        int? UserShards,
        int? UserEntities,
        int Connections,
        int ConnectedUsers,
        bool Stopping,
        IReadOnlyList<string>? Singletons = null);

    /// <summary>Asks a gatherer for every node's figures; the answer is a <see cref="GatheredFigures"/>.</summary>
    public sealed record GatherFigures;

    /// <summary>The figures of the nodes that answered before the deadline.</summary>
    public sealed record GatheredFigures(IReadOnlyList<NodeFigures> Nodes);

    /// <summary>Asks the node at <paramref name="Address"/> to leave the cluster gracefully and stop; answered with <see cref="Leaving"/>.</summary>
    public sealed record LeaveCluster(string Address);

    /// <summary>The node named has begun its graceful stop (or had begun it already).</summary>
    public sealed record Leaving(string Address, bool AlreadyStopping);
}
