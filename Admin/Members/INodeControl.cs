namespace ActorMessenger.Admin.Members;

/// <summary>What the cluster view needs from its own node's host; implemented by the Gateway.</summary>
public interface INodeControl
{
    /// <summary>The addresses browsers reach this node on directly (http(s)://host:port).</summary>
    IReadOnlyList<string> Urls();

    /// <summary>The release this node runs, as its <c>/health</c> says it.</summary>
    string Version { get; }

    /// <summary>Whether this node has begun stopping.</summary>
    bool Stopping { get; }

    /// <summary>
    /// Begins this node's graceful stop: clients are told and closed, then the actor system's coordinated
    /// shutdown hands its shards to the other nodes and leaves the cluster, and the process exits.
    /// </summary>
    void Leave();
}
