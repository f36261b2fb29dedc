using ActorMessenger.Actors.Mailboxes;
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
        Database = new SqliteDatabase(_dir.Path);
        Database.Initialize();
        History = new SqliteMessageHistoryStore(Database);
        // Two cores run every test class at once: leave room before calling a reply missing.
        Config = ConfigurationFactory.ParseString(extraHocon)
            .WithFallback(ConfigurationFactory.ParseString("akka.test.single-expect-default = 10s"))
            .WithFallback(CompactDequeMailbox.Hocon)
            .WithFallback(WireSpecHocon.Config)
            .WithFallback(PersistenceHocon.ForSqlite(Database));
    }

    public SqliteDatabase Database { get; }

    public SqliteMessageHistoryStore History { get; }

    public Config Config { get; }

    /// <summary>The configuration plus the journal's connection setup, as the server starts its actor system.</summary>
    public ActorSystemSetup Setup => BootstrapSetup.Create().WithConfig(Config).And(SqliteJournalConnections.Setup(Database, checkpointedElsewhere: false));

    /// <summary>Counts over all files: journal and snapshots are attached to the read model, so any table can be named.</summary>
    public long Count(string sql) =>
        Convert.ToInt64(Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A text answer over all files, for saying in a failed assertion which rows were found.</summary>
    public string Text(string sql) => Scalar(sql) is string text ? text : string.Empty;

    private object? Scalar(string sql)
    {
        using var connection = Database.Open();
        Run(connection, "ATTACH DATABASE $journal AS journal;", ("$journal", Database.JournalFile));
        Run(connection, "ATTACH DATABASE $snapshots AS snapshots;", ("$snapshots", Database.SnapshotFile));
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
        finally
        {
            // Pooled connections keep what is attached to them.
            Run(connection, "DETACH DATABASE journal;");
            Run(connection, "DETACH DATABASE snapshots;");
        }
    }

    private static void Run(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose() => _dir.Dispose();
}
