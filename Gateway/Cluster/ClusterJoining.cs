using ActorMessenger.Persistence;
using Akka;
using Akka.Actor;

namespace ActorMessenger.Gateway.Cluster;

/// <summary>
/// How the started actor system becomes a member: alone on loopback (SQLite), or through the shared
/// database or the given seeds (<see cref="ClusterFormationActor"/>). Also what a removal means: while the
/// host is not stopping, the node was downed, and it stops so its service manager can start it afresh.
/// </summary>
public static class ClusterJoining
{
    public static void Start(ActorSystem system, ClusterNode node, IClusterStore? store, ClusterSettings settings, IServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(provider);
        var cluster = Akka.Cluster.Cluster.Get(system);
        node.Address = cluster.SelfAddress.ToString();

        if (!node.Topology.Shared || store is null)
        {
            cluster.Join(cluster.SelfAddress);
            return;
        }

        var lifetime = provider.GetRequiredService<IHostApplicationLifetime>();
        var log = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterFormationActor).FullName!);
        var seeds = node.Topology.Seeds
            .Select(s => new Address(cluster.SelfAddress.Protocol, system.Name, s.Host, s.Port))
            .ToList();
        system.ActorOf(ClusterFormationActor.Props(store, settings, seeds, log), "cluster-formation");

        cluster.RegisterOnMemberRemoved(() =>
        {
            if (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                node.Downed = true;
                lifetime.StopApplication();
            }
        });

        // A node that stops leaves the table at once: nobody waits for its row to expire.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "leave-cluster-table", async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await store.LeaveAsync(node.Address, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ActorMessenger.Actors.MessengerException || PostgresUnavailable(ex))
            {
                // Its row expires by itself.
            }

            return Done.Instance;
        });
    }

    private static bool PostgresUnavailable(Exception ex) => ex is System.Data.Common.DbException or IOException;
}
