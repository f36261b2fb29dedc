using ActorMessenger.Actors.Chat;
using ActorMessenger.Actors.Directory;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Mailboxes;
using ActorMessenger.Actors.Serialization;
using ActorMessenger.Actors.Sharding;
using ActorMessenger.Actors.User;
using Akka;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace ActorMessenger.Actors;

/// <summary>All of the actor project's Akka wiring: shard regions, the directory singleton, the history writer, the outbox watcher.</summary>
public static class MessengerActorsWiring
{
    public const int MaxShards = 100;

    /// <summary>The user directory singleton's name: its manager is <c>/user/user-directory</c> on every node, the instance runs on the oldest.</summary>
    public const string DirectorySingleton = "user-directory";

    /// <remarks>The node's outbox (<see cref="OutboxKey"/>) must be registered before: chats deliver to it directly.</remarks>
    public static AkkaConfigurationBuilder AddMessengerActors(this AkkaConfigurationBuilder builder, IMessageHistoryStore history)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddHocon(CompactDequeMailbox.Hocon, HoconAddMode.Append)
            .AddHocon(ProtocolSerializer.Hocon, HoconAddMode.Append)
            .WithActors((system, registry) =>
            {
                var settings = MessengerSettings.From(system.Settings.Config);
                var writer = system.ActorOf(HistoryWriterActor.Props(history, settings.HistoryBatchSize, settings.HistoryFlushInterval), "history-writer");
                registry.Register<HistoryWriterKey>(writer);

                // Last, once the chats have stopped: what they handed over reaches the store before the process ends.
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "drain-history", async () =>
                {
                    try
                    {
                        await writer.Ask<HistoryWriterActor.Drained>(new HistoryWriterActor.Drain(), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                    }
                    catch (AskTimeoutException)
                    {
                        // The chats re-project whatever is missing when they next start.
                    }

                    return Done.Instance;
                });
                registry.Register<DeliveriesKey>(NodeDeliveries.For(system, registry.Get<OutboxKey>()));
                registry.Register<OutboxWatcherKey>(system.ActorOf(OutboxWatcherActor.Props(), "outbox-watcher"));
            })
            .WithSingleton<DirectoryKey>(
                DirectorySingleton,
                (system, _, _) => UserDirectoryActor.Props(MessengerSettings.From(system.Settings.Config)),
                new ClusterSingletonOptions(),
                createProxyToo: true)
            .WithShardRegion<UserRegionKey>(
                "user",
                (system, registry, _) =>
                {
                    // Read once per region, not per entity: one settings object and one Props shared by
                    // every user (made at the first entity: the region's own ref is not known before).
                    var settings = MessengerSettings.From(system.Settings.Config);
                    Props? props = null;
                    return _ => props ??= UserSessionActor.ForEntities(
                        settings,
                        registry.Get<UserRegionKey>(),
                        registry.Get<DirectoryKey>(),
                        registry.Get<OutboxWatcherKey>(),
                        registry.Get<DeliveriesKey>())
                        .WithMailbox(CompactDequeMailbox.Id);
                },
                new UserMessageExtractor(MaxShards),
                new ShardOptions
                {
                    // User entities passivate themselves once no connection is left.
                    ShouldPassivateIdleEntities = false,
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    HandOffStopMessage = HandOffStop.Instance,
                })
            .WithShardRegion<ChatRegionKey>(
                "chat",
                (system, registry, _) =>
                {
                    var settings = MessengerSettings.From(system.Settings.Config);
                    return entityId => ChatActor.Props(
                        entityId,
                        settings,
                        registry.Get<UserRegionKey>(),
                        registry.Get<DeliveriesKey>(),
                        registry.Get<HistoryWriterKey>(),
                        history);
                },
                new ChatMessageExtractor(MaxShards),
                new ShardOptions
                {
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    HandOffStopMessage = HandOffStop.Instance,
                });
    }
}
