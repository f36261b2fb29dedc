namespace ActorMessenger.Gateway.Cluster;

/// <summary>
/// This node's place in the cluster as the rest of the host sees it: the topology chosen at start, the
/// address it is reached on once the actor system runs, and whether the cluster removed it while it was
/// not stopping (downed: the process then exits with <see cref="Hosting.ServerRestart.ExitCode"/> and its
/// service manager starts it again, which rejoins).
/// </summary>
public sealed class ClusterNode(ClusterTopology topology)
{
    public ClusterTopology Topology { get; } = topology;

    /// <summary>The node's cluster address (e.g. <c>akka.ssl.tcp://messenger@10.0.0.5:4053</c>), once the actor system runs.</summary>
    public string? Address { get; internal set; }

    /// <summary>The thumbprint of the certificate the cluster port accepts; null when it is not open to other nodes.</summary>
    public string? CertificateThumbprint { get; internal set; }

    /// <summary>Removed from the cluster while not stopping: the split brain resolver or an operator downed it.</summary>
    public bool Downed { get; internal set; }
}
