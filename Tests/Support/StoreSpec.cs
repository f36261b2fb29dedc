using Xunit.Abstractions;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// A TestKit spec whose actor system persists as the server's does: to real SQLite files in a temp folder,
/// or to the store given (a database of its own in the private PostgreSQL, see <see cref="PostgresSpecStore"/>).
/// </summary>
public abstract class StoreSpec : Akka.TestKit.Xunit2.TestKit
{
    protected StoreSpec(string systemName, ITestOutputHelper output, SpecStore? store = null)
        : this(store ?? new SqliteSpecStore(), systemName, output)
    {
    }

    private StoreSpec(SpecStore db, string systemName, ITestOutputHelper output)
        : base(db.Setup, systemName, output) => Db = db;

    protected SpecStore Db { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Db.Dispose();
        }
    }
}
