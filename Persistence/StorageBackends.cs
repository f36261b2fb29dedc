using ActorMessenger.Persistence.Postgres;
using ActorMessenger.Persistence.Sqlite;

namespace ActorMessenger.Persistence;

/// <summary>Chooses the storage: PostgreSQL when a database is named (<c>--db</c>), else SQLite files in the data directory.</summary>
public static class StorageBackends
{
    public static IStorageBackend Choose(DataDirectory dataDirectory, string? database = null, PostgresSettings? postgres = null)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        return string.IsNullOrWhiteSpace(database) ? new SqliteBackend(dataDirectory) : new PostgresBackend(database, postgres);
    }
}
