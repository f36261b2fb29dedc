using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>What <see cref="HealthAnswer"/> reports: cluster membership, the database, a stop under way.</summary>
public static class NodeHealthChecks
{
    public const string Cluster = "cluster";
    public const string Database = "database";
    public const string Stopping = "stopping";

    /// <summary>How long the database gets to answer a health probe.</summary>
    public static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(2);

    public static IHealthChecksBuilder AddNodeHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddHealthChecks()
            .AddCheck<ClusterMemberCheck>(Cluster)
            .AddCheck<DatabaseCheck>(Database)
            .AddCheck<StoppingCheck>(Stopping);
    }

    /// <summary>Healthy when this node is an Up member of the cluster.</summary>
    private sealed class ClusterMemberCheck(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            // Null until the actor system has started.
            if (services.GetService<ActorSystem>() is not { } system)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The actor system has not started."));
            }

            var cluster = Akka.Cluster.Cluster.Get(system);
            var status = cluster.SelfMember.Status;
            var data = new Dictionary<string, object> { ["status"] = status.ToString(), ["address"] = cluster.SelfAddress.ToString() };
            return Task.FromResult(status == MemberStatus.Up
                ? HealthCheckResult.Healthy(data: data)
                : HealthCheckResult.Unhealthy($"This node is {status}, not Up.", data: data));
        }
    }

    /// <summary>Healthy when the store answers a trivial query within <see cref="DatabaseTimeout"/>.</summary>
    private sealed class DatabaseCheck(IStorageBackend storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await storage.ProbeAsync(DatabaseTimeout).ConfigureAwait(false) is { } error
                ? HealthCheckResult.Unhealthy(error)
                : HealthCheckResult.Healthy();
    }

    /// <summary>Unhealthy once a graceful stop (or leave) has been asked: a load balancer sends nobody new here.</summary>
    private sealed class StoppingCheck(ServerLifecycle lifecycle) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifecycle.Requested is { } reason ? HealthCheckResult.Unhealthy($"Stopping ({reason}).") : HealthCheckResult.Healthy());
    }
}
