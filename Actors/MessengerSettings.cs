using Akka.Configuration;

namespace ActorMessenger.Actors;

/// <summary>Tunables of the actors, read from the <c>messenger</c> block of HOCON/messenger.hocon.</summary>
public sealed record MessengerSettings(
    int MaxTextLength,
    int MaxClientIdLength,
    int RecentWindow,
    int SnapshotEvery,
    int DefaultPageSize,
    int MaxPageSize,
    int RememberedClientIdsPerSender,
    TimeSpan UserIdleTimeout,
    int HistoryBatchSize,
    TimeSpan HistoryFlushInterval,
    int MaxTitleLength,
    int MaxDescriptionLength,
    int MaxGroupMembers,
    TimeSpan TypingInterval,
    int MaxReactionsPerUser,
    int MaxReactionKindsPerMessage,
    int MaxReactionsPerMessage,
    int UserSnapshotEvery,
    int MaxSessionsPerUser,
    TimeSpan DirectorySnapshotInterval)
{
    public static MessengerSettings Default { get; } = new(
        MaxTextLength: 4000,
        MaxClientIdLength: 64,
        RecentWindow: 500,
        SnapshotEvery: 500,
        DefaultPageSize: 50,
        MaxPageSize: 200,
        RememberedClientIdsPerSender: 256,
        UserIdleTimeout: TimeSpan.FromMinutes(2),
        HistoryBatchSize: 500,
        HistoryFlushInterval: TimeSpan.FromMilliseconds(20),
        MaxTitleLength: 128,
        MaxDescriptionLength: 1000,
        MaxGroupMembers: 200,
        TypingInterval: TimeSpan.FromSeconds(3),
        MaxReactionsPerUser: 3,
        MaxReactionKindsPerMessage: 20,
        MaxReactionsPerMessage: 2000,
        UserSnapshotEvery: 100,
        MaxSessionsPerUser: 30,
        DirectorySnapshotInterval: TimeSpan.FromMinutes(1));

    public static MessengerSettings From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var m = config.GetConfig("messenger");
        if (m is null || m.IsEmpty)
        {
            return Default;
        }

        var d = Default;
        return new MessengerSettings(
            MaxTextLength: m.GetInt("max-text-length", d.MaxTextLength),
            MaxClientIdLength: m.GetInt("max-client-id-length", d.MaxClientIdLength),
            RecentWindow: m.GetInt("chat.recent-window", d.RecentWindow),
            SnapshotEvery: m.GetInt("chat.snapshot-every", d.SnapshotEvery),
            DefaultPageSize: m.GetInt("history.default-page-size", d.DefaultPageSize),
            MaxPageSize: m.GetInt("history.max-page-size", d.MaxPageSize),
            RememberedClientIdsPerSender: m.GetInt("chat.remembered-client-ids-per-sender", d.RememberedClientIdsPerSender),
            UserIdleTimeout: m.GetTimeSpan("user.idle-timeout", d.UserIdleTimeout),
            HistoryBatchSize: m.GetInt("history.write-batch-size", d.HistoryBatchSize),
            HistoryFlushInterval: m.GetTimeSpan("history.flush-interval", d.HistoryFlushInterval),
            MaxTitleLength: m.GetInt("chat.max-title-length", d.MaxTitleLength),
            MaxDescriptionLength: m.GetInt("chat.max-description-length", d.MaxDescriptionLength),
            MaxGroupMembers: m.GetInt("chat.max-group-members", d.MaxGroupMembers),
            TypingInterval: m.GetTimeSpan("chat.typing-interval", d.TypingInterval),
            MaxReactionsPerUser: m.GetInt("chat.max-reactions-per-user", d.MaxReactionsPerUser),
            MaxReactionKindsPerMessage: m.GetInt("chat.max-reaction-kinds-per-message", d.MaxReactionKindsPerMessage),
            MaxReactionsPerMessage: m.GetInt("chat.max-reactions-per-message", d.MaxReactionsPerMessage),
            UserSnapshotEvery: m.GetInt("user.snapshot-every", d.UserSnapshotEvery),
            MaxSessionsPerUser: m.GetInt("user.max-sessions", d.MaxSessionsPerUser),
            DirectorySnapshotInterval: m.GetTimeSpan("directory.last-seen-snapshot-interval", d.DirectorySnapshotInterval));
    }
}
