namespace ActorMessenger.Persistence.Postgres;

/// <summary>Connection settings for the PostgreSQL backend (<c>Messenger:Postgres</c>); the database itself is named by <c>--db</c>.</summary>
public sealed class PostgresSettings
{
    /// <summary>Connections the read model, attachments and the server's own work may hold at once.</summary>
    public int PoolSize { get; set; } = 20;

    /// <summary>Connections the Akka journal, snapshot store and journal queries may hold at once (each).</summary>
    public int JournalPoolSize { get; set; } = 20;

    /// <summary>How long opening a connection may take before the request fails with a clear error.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one statement may run.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a read-model call keeps retrying while the database is away, before it fails.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromSeconds(5);
}
