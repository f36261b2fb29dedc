namespace ActorMessenger.Persistence;

/// <summary>
/// What the nodes of a cluster share through the database, besides the data: who is running (each node's
/// row with a heartbeat on the database's clock), and a lease the split brain resolver holds as arbiter.
/// Only a shared store has one (PostgreSQL); SQLite serves a single node.
/// </summary>
public interface IClusterStore
{
    /// <summary>
    /// Records this node (or refreshes its row, keeping its place in the start order) and, under one
    /// database-wide lock, decides whom it joins: two nodes deciding at once see each other in order.
    /// </summary>
    /// <param name="address">This node's cluster address.</param>
    /// <param name="expiry">A row whose heartbeat is older than this is a dead node's, ignored and removed.</param>
    Task<ClusterJoinPlan> EnrollAsync(string address, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>Refreshes this node's heartbeat and says whether it is a member (Up) now.</summary>
    Task HeartbeatAsync(string address, bool up, CancellationToken cancellationToken);

    /// <summary>Removes this node's row (a graceful stop).</summary>
    Task LeaveAsync(string address, CancellationToken cancellationToken);

    /// <summary>
    /// Records the web origins this node serves on (<c>scheme://host:port</c>) and answers every node's, a
    /// stopped or dead node's too: a page it served goes on with the live nodes, which must allow its origin.
    /// Origins no node has recorded for <paramref name="forgetAfter"/> are dropped.
    /// </summary>
    Task<IReadOnlyList<string>> ShareOriginsAsync(string address, IReadOnlyCollection<string> origins, TimeSpan forgetAfter, CancellationToken cancellationToken);

    /// <summary>
    /// Takes (or renews) the lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="ttl"/>
    /// from now on the database's clock; false while another owner holds it unexpired.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the lease back if <paramref name="owner"/> holds it; true if it no longer holds it.</summary>
    Task<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken);
}

/// <summary>
/// Whom a starting node joins: the live members if there are any (<see cref="Members"/>), else the first
/// live node by start order (<see cref="First"/>, which may be this node itself: then it forms the cluster).
/// </summary>
public sealed record ClusterJoinPlan(IReadOnlyList<string> Members, string First);
