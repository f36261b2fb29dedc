using Xunit.Abstractions;

namespace ActorMessenger.Tests.Support;

/// <summary>A TestKit spec whose actor system persists to a real SQLite file in a temp folder, as the server does.</summary>
public abstract class SqliteSpec : Akka.TestKit.Xunit2.TestKit
{
    protected SqliteSpec(string systemName, ITestOutputHelper output)
        : this(new SpecDatabase(), systemName, output)
    {
    }

    private SqliteSpec(SpecDatabase db, string systemName, ITestOutputHelper output)
        : base(db.Setup, systemName, output) => Db = db;

    protected SpecDatabase Db { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Db.Dispose();
        }
    }
}
