namespace ActorMessenger.Actors;

/// <summary>Keys of the actor registry: each names one actor that web code and other actors ask for.</summary>
public sealed class ChatRegionKey;

public sealed class UserRegionKey;

public sealed class DirectoryKey;

public sealed class HistoryWriterKey;

/// <summary>The node's <see cref="NodeDeliveries"/>.</summary>
public sealed class DeliveriesKey;

/// <summary>The node's outbox, the only bridge from actors to its SignalR connections (made by the gateway).</summary>
public sealed class OutboxKey;

public sealed class OutboxWatcherKey;
