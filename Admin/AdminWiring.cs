using ActorMessenger.Actors;
using ActorMessenger.Admin.Stats;
using ActorMessenger.Persistence;
using Akka.Hosting;

namespace ActorMessenger.Admin;

/// <summary>The admin project's Akka wiring: each node's statistics collector and the aggregator the admin API asks.</summary>
public static class AdminWiring
{
    /// <summary>Call after the messenger's actors are added: the collector watches their queues.</summary>
    public static AkkaConfigurationBuilder AddMessengerAdmin(this AkkaConfigurationBuilder builder, IStoreFigures store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithActors((system, registry) =>
        {
            system.ActorOf(
                NodeStatsActor.Props(clock, [("history-writer", registry.Get<HistoryWriterKey>()), ("deliveries", registry.Get<DeliveriesKey>())]),
                NodeStatsActor.Name);
            registry.Register<StatsKey>(system.ActorOf(StatsAggregatorActor.Props(store, registry.Get<DirectoryKey>(), clock), "stats"));
        });
    }
}

/// <summary>Registry key of the <see cref="StatsAggregatorActor"/>.</summary>
public sealed class StatsKey;
