using ActorMessenger.Persistence.Sqlite;

namespace ActorMessenger.Persistence;

/// <summary>Chooses the storage: SQLite files in the data directory unless a database is named.</summary>
public static class StorageBackends
{
    public static IStorageBackend Choose(DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        return new SqliteBackend(dataDirectory);
    }
}
