using Akka.Actor;

namespace ActorMessenger.Admin.Live;

/// <summary>Messages of the <see cref="AdminLiveActor"/> (one per node, local only: they carry a way to close a connection).</summary>
public static class AdminLiveProtocol
{
    /// <summary>The hub event that carries a snapshot: <c>{ stats, live }</c>, the shapes of <c>GET /admin/stats</c> and <c>GET /admin/live</c>.</summary>
    public const string StatsEvent = "admin_stats";

    /// <summary>An admin's connection to the admin hub opened on this node; <paramref name="Close"/> ends it.</summary>
    /// <remarks>Local only: the hub tells its own node's actor, and a delegate cannot cross nodes.</remarks>
    public sealed record AdminConnected(string ConnectionId, int UserId, string SessionId, Action Close) : INoSerializationVerificationNeeded;

    public sealed record AdminDisconnected(string ConnectionId);

    /// <summary>Asks how many admin connections the actor holds (answered with an int), for tests and diagnostics.</summary>
    public sealed record GetAdminConnections;
}
