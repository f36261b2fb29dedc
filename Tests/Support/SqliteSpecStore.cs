using System.Globalization;
using ActorMessenger.Actors.History;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Sqlite;
using Akka.Actor;
using Akka.Actor.Setup;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Tests.Support;

/// <summary>Real SQLite files in a temp folder, as the server keeps them.</summary>
public sealed class SqliteSpecStore : SpecStore
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteMessageHistoryStore _history;

    public SqliteSpecStore()
    {
        Database = new SqliteDatabase(_dir.Path);
        Database.Initialize();
        _history = new SqliteMessageHistoryStore(Database);
    }

    public SqliteDatabase Database { get; }

    public override IMessageHistoryStore History => _history;

    public override ActorSystemSetup Setup =>
        BootstrapSetup.Create().WithConfig(WithSpecDefaults(PersistenceHocon.ForSqlite(Database))).And(SqliteJournalConnections.Setup(Database, checkpointedElsewhere: false));

    public override IJournalRedactor Redactor() => new SqliteJournalRedactor(Database);

    // Journal and snapshots are attached to the read model's file (see Scalar).
    protected override string JournalTable => "journal.event_journal";

    protected override string SnapshotTable => "snapshots.snapshot";

    protected override string SequenceColumn => "sequence_nr";

    protected override string EventText => "CAST(payload AS TEXT)";

    protected override string SnapshotText => "CAST(payload AS TEXT)";

    protected override string HistoryText => "text";

    protected override Func<string, long, string>? SearchEntriesOf =>
        (chatId, seq) => $"DELETE FROM message_search WHERE rowid IN (SELECT rowid FROM chat_history WHERE chat_id = {Literal(chatId)} AND seq > {seq.ToString(CultureInfo.InvariantCulture)})";

    protected override string Joined(string column) => $"group_concat({column}, ' ')";

    protected override object? Scalar(string sql)
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dir.Dispose();
        }
    }

    private static void Run(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
