using ActorMessenger.Actors;
using ActorMessenger.Admin;
using ActorMessenger.Admin.Members;
using ActorMessenger.Admin.Live;
using ActorMessenger.Admin.Updates;
using ActorMessenger.Actors.History;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hubs;
using ActorMessenger.Persistence;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>The gateway's Akka wiring, all of it: HOCON tunables, remoting, cluster, persistence, actors.</summary>
public static class AkkaWiring
{
    public const string SystemName = "messenger";

    public static IServiceCollection AddMessengerAkka(this IServiceCollection services, IConfiguration configuration, MessengerOptions options, IStorageBackend storage)
    {
        var hoconFile = Path.Combine(AppContext.BaseDirectory, "HOCON", "messenger.hocon");
        return services.AddAkka(SystemName, (builder, provider) =>
        {
            builder
                .AddHoconFile(hoconFile, HoconAddMode.Prepend)

                .AddHocon(ConfigurationHocon.From(configuration), HoconAddMode.Prepend)
                .AddHocon(storage.AkkaConfig, HoconAddMode.Prepend);
            if (storage.AkkaSetup is { } setup)
            {
                builder.AddSetup(setup);
            }

            builder
                .WithRemoting(options.Cluster.Host, options.Cluster.Port)
                .WithClustering(new ClusterOptions { SeedNodes = options.Cluster.SeedNodes })
                .AddMessengerActors(provider.GetRequiredService<IMessageHistoryStore>())
                .AddMessengerAdmin(provider.GetRequiredService<IStoreFigures>(), provider.GetRequiredService<UpdateBoard>(), new HubAdminPush(provider.GetRequiredService<IHubContext<AdminHub>>()), provider.GetRequiredService<TimeProvider>())
                .AddClusterView(provider.GetRequiredService<INodeControl>(), provider.GetRequiredService<TimeProvider>())
                .WithActors((system, registry) =>
                {
                    var hub = provider.GetRequiredService<IHubContext<MessengerHub>>();
                    var sessions = provider.GetRequiredService<SessionCache>();
                    registry.Register<OutboxKey>(system.ActorOf(ConnectionOutboxActor.Props(hub, sessions), "outbox"));
                    if (options.Cluster.SeedNodes.Length == 0)
                    {
                        var cluster = Cluster.Get(system);
                        cluster.Join(cluster.SelfAddress);
                    }
                });
        });
    }
}
