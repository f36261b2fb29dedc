using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Audit;
using ActorMessenger.Admin.Members;
using ActorMessenger.Admin.Live;
using ActorMessenger.Admin.Serialization;
using ActorMessenger.Admin.Stats;
using ActorMessenger.Admin.Updates;
using ActorMessenger.Persistence;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;

namespace ActorMessenger.Admin;

/// <summary>The admin project's Akka wiring: each node's statistics collector and the aggregator the admin API asks.</summary>
public static class AdminWiring
{
    /// <summary>Entries the audit log keeps; older ones leave it.</summary>
    public const int AuditEntriesKept = 10_000;

    public const string UpdateNoticeSingleton = "update-notice";

    public const string AuditSingleton = "admin-audit";

    /// <summary>Every cluster singleton of the server, by name: the cluster view says which node runs each.</summary>
    public static readonly IReadOnlyList<string> Singletons = [MessengerActorsWiring.DirectorySingleton, UpdateNoticeSingleton, AuditSingleton];

    /// <summary>The admin panel gets at most one snapshot per this interval (only when a figure changed).</summary>
    public static readonly TimeSpan PushInterval = TimeSpan.FromSeconds(1);

    /// <summary>Call after the messenger's actors are added: the collector watches their queues.</summary>
    public static AkkaConfigurationBuilder AddMessengerAdmin(this AkkaConfigurationBuilder builder, IStoreFigures store, UpdateBoard updates, IAdminPush push, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddHocon(AdminSerializer.Hocon, HoconAddMode.Append)
            .WithSingleton<UpdateNoticeKey>(UpdateNoticeSingleton, (_, _, _) => UpdateNoticeActor.Props(), new ClusterSingletonOptions(), createProxyToo: true)
            .WithSingleton<AuditKey>(AuditSingleton, (_, _, _) => AuditLogActor.Props(AuditEntriesKept), new ClusterSingletonOptions(), createProxyToo: true)
            .WithActors((system, registry) =>
        {
            system.ActorOf(UpdateBoardActor.Props(updates, registry.Get<UpdateNoticeKey>()), "update-board");
            var node = system.ActorOf(
                NodeStatsActor.Props(clock, [("history-writer", registry.Get<HistoryWriterKey>())]),
                NodeStatsActor.Name);
            var stats = system.ActorOf(StatsAggregatorActor.Props(store, registry.Get<DirectoryKey>(), node, clock), "stats");
            registry.Register<StatsKey>(stats);
            var live = system.ActorOf(AdminLiveActor.Props(stats, push, PushInterval), "admin-live");
            DistributedPubSub.Get(system).Mediator.Tell(new Subscribe(SessionsRevoked.Topic, live), live);
            registry.Register<AdminLiveKey>(live);
        });
    }
}

/// <summary>The cluster view's part of the admin wiring.</summary>
public static class ClusterViewWiring
{
    /// <summary>Call after the messenger's actors are added: this node's <see cref="ClusterNodeActor"/> asks their shard regions.</summary>
    public static AkkaConfigurationBuilder AddClusterView(this AkkaConfigurationBuilder builder, INodeControl node, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithActors((system, registry) =>
            system.ActorOf(ClusterNodeActor.Props(registry.Get<ChatRegionKey>(), registry.Get<UserRegionKey>(), AdminWiring.Singletons, node, clock), ClusterNodeActor.Name));
    }
}

/// <summary>Registry key of the <see cref="StatsAggregatorActor"/>.</summary>
public sealed class StatsKey;

/// <summary>Registry key of this node's <see cref="AdminLiveActor"/>.</summary>
public sealed class AdminLiveKey;

/// <summary>Registry key of the <see cref="UpdateNoticeActor"/> singleton (its proxy).</summary>
public sealed class UpdateNoticeKey;

/// <summary>Registry key of the <see cref="AuditLogActor"/> singleton (its proxy).</summary>
public sealed class AuditKey;
