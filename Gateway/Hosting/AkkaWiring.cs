using ActorMessenger.Actors;
using ActorMessenger.Admin;
using ActorMessenger.Admin.Members;
using ActorMessenger.Admin.Live;
using ActorMessenger.Admin.Updates;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Cluster;
using ActorMessenger.Gateway.Hubs;
using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>The gateway's Akka wiring, all of it: HOCON tunables, remoting, cluster, persistence, actors.</summary>
public static class AkkaWiring
{
    public const string SystemName = "messenger";

    public static IServiceCollection AddMessengerAkka(this IServiceCollection services, IConfiguration configuration, MessengerOptions options, IStorageBackend storage, ClusterNode node)
    {
        var hocon = Path.Combine(AppContext.BaseDirectory, "HOCON");
        var topology = node.Topology;
        return services.AddAkka(SystemName, (builder, provider) =>
        {
            builder.AddHoconFile(Path.Combine(hocon, "messenger.hocon"), HoconAddMode.Prepend);
            if (topology.Shared)
            {
                builder.AddHoconFile(Path.Combine(hocon, "cluster.hocon"), HoconAddMode.Prepend);
            }

            builder
                .AddHocon(ConfigurationHocon.From(configuration), HoconAddMode.Prepend)
                .AddHocon(storage.AkkaConfig, HoconAddMode.Prepend);
            if (storage.AkkaSetup is { } setup)
            {
                builder.AddSetup(setup);
            }

            var remote = new RemoteOptions { HostName = topology.BindHost, PublicHostName = topology.PublicHost, Port = topology.Port };
            if (topology.Shared && storage.ClusterStore is { } store)
            {
                // Only peers presenting the cluster's own certificate get through the handshake.
                var certificate = ClusterCertificate.Load(options.Cluster, provider.GetRequiredService<ISecretStore>());
                node.CertificateThumbprint = certificate.Thumbprint;
                remote.EnableSsl = true;
                remote.Ssl = new SslOptions
                {
                    X509Certificate = certificate,
                    SuppressValidation = false,
                    RequireMutualAuthentication = true,
                    CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
                };
                builder.AddSetup(new ClusterStoreSetup(store));
            }

            builder
                .WithRemoting(remote)
                .WithClustering(new ClusterOptions())
                .WithActors((system, registry) =>
                {
                    // Before the chats: they deliver to it directly (see NodeDeliveries).
                    var hub = provider.GetRequiredService<IHubContext<MessengerHub>>();
                    var sessions = provider.GetRequiredService<SessionCache>();
                    registry.Register<OutboxKey>(system.ActorOf(ConnectionOutboxActor.Props(hub, sessions, provider.GetRequiredService<HubConnectionRegistry>()), DeliveryTopic.OutboxName));
                })
                .AddMessengerActors(provider.GetRequiredService<IMessageHistoryStore>())
                .AddMessengerAdmin(provider.GetRequiredService<IStoreFigures>(), provider.GetRequiredService<UpdateBoard>(), new HubAdminPush(provider.GetRequiredService<IHubContext<AdminHub>>()), provider.GetRequiredService<TimeProvider>())
                .AddClusterView(provider.GetRequiredService<INodeControl>(), provider.GetRequiredService<TimeProvider>())
                .WithActors((system, registry) =>
                {
                    ClusterJoining.Start(system, node, storage.ClusterStore, options.Cluster, provider);
                });
        });
    }
}
