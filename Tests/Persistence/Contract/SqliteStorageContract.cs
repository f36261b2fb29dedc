using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Sqlite;
using ActorMessenger.Tests.Support;

namespace ActorMessenger.Tests.Persistence.Contract;

/// <summary>The storage contract on SQLite files in a temp data directory.</summary>
public sealed class SqliteStorageContract : StorageContract
{
    private readonly TempDirectory _dir = new();

    protected override IStorageBackend OpenBackend() => new SqliteBackend(new DataDirectory(_dir.Path));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _dir.Dispose();
    }
}
