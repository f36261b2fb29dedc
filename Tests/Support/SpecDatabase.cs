using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Sqlite;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorMessenger.Tests.Support;

/// <summary>A real SQLite file in a temp folder, with the server's own persistence configuration.</summary>
public sealed class SpecDatabase : IDisposable
{
    private readonly TempDirectory _dir = new();

    public SpecDatabase(string extraHocon = "")
    {
        Database = new SqliteDatabase(System.IO.Path.Combine(_dir.Path, DataDirectory.DatabaseFileName));
        Database.Initialize();
        History = new SqliteMessageHistoryStore(Database);
        // Two cores run every test class at once: leave room before calling a reply missing.
        Config = ConfigurationFactory.ParseString(extraHocon)
            .WithFallback(ConfigurationFactory.ParseString("akka.test.single-expect-default = 10s"))
            .WithFallback(PersistenceHocon.ForSqlite(Database.ConnectionString));
    }

    public SqliteDatabase Database { get; }

    public SqliteMessageHistoryStore History { get; }

    public Config Config { get; }

    /// <summary>The configuration plus the journal's connection setup, as the server starts its actor system.</summary>
    public ActorSystemSetup Setup => BootstrapSetup.Create().WithConfig(Config).And(SqliteJournalConnections.Setup(Database.ConnectionString));

    public long Count(string sql)
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _dir.Dispose();
}
