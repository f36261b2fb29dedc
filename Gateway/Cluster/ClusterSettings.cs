namespace ActorMessenger.Gateway.Cluster;

/// <summary>The <c>Messenger:Cluster</c> section: how nodes sharing one database find and trust each other.</summary>
public sealed class ClusterSettings
{
    /// <summary>
    /// The cluster port (<c>--cluster-port</c>). 0: <see cref="ClusterTopology.DefaultSharedPort"/> on a shared
    /// database, any free loopback port for a single node on SQLite.
    /// </summary>
    public int Port { get; set; }

    /// <summary>The address the cluster port listens on; empty: follows <c>--host</c> (loopback, all addresses, or that one).</summary>
    public string? Host { get; set; }

    /// <summary>The address other nodes reach this one on; empty: the listening address, or the first LAN address when listening on all.</summary>
    public string? PublicHost { get; set; }

    /// <summary>Nodes to join, <c>HOST:PORT</c> (<c>--seed</c>, repeatable); empty: the nodes find each other through the database.</summary>
    public string[] Seeds { get; set; } = [];

    /// <summary>
    /// A PKCS#12 file (with its private key) every node presents and accepts on the cluster port
    /// (<c>--cluster-cert</c>); empty: the cluster's own certificate, made by the first node and kept in the database.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>The password of <see cref="Certificate"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>How often a node renews its row in the database.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A node whose row has not been renewed for this long is taken for gone when others decide whom to join.</summary>
    public TimeSpan HeartbeatExpiry { get; set; } = TimeSpan.FromSeconds(10);
}
