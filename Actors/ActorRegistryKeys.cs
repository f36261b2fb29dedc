namespace ActorMessenger.Actors;

/// <summary>Keys of the actor registry: each names one actor that web code and other actors ask for.</summary>
public sealed class ChatRegionKey;

public sealed class UserRegionKey;

public sealed class DirectoryKey;

public sealed class HistoryWriterKey;

public sealed class DeliveriesKey;

public sealed class OutboxWatcherKey;
