using ActorMessenger.Actors.History;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Postgres;
using Akka.Actor;
using Akka.Actor.Setup;
using Npgsql;

namespace ActorMessenger.Tests.Support;

/// <summary>A database of its own in the private PostgreSQL, its schema made as a server makes it.</summary>
public sealed class PostgresSpecStore : SpecStore
{
    private readonly PostgresMessageHistoryStore _history;

    public PostgresSpecStore(PostgresInstance postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        Database = new PostgresDatabase(postgres.CreateDatabase());
        Database.Initialize();
        _history = new PostgresMessageHistoryStore(Database);
    }

    public PostgresDatabase Database { get; }

    public override IMessageHistoryStore History => _history;

    public override ActorSystemSetup Setup => ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(WithSpecDefaults(PersistenceHocon.ForPostgres(Database))));

    public override IJournalRedactor Redactor() => new PostgresJournalRedactor(Database);

    protected override string JournalTable => "journal";

    protected override string SnapshotTable => "snapshot";

    protected override string SequenceColumn => "sequence_number";

    protected override string EventText => "convert_from(message, 'UTF8')";

    protected override string SnapshotText => "convert_from(snapshot, 'UTF8')";

    protected override string HistoryText => "body";

    protected override string Joined(string column) => $"string_agg({column}, ' ')";

    protected override object? Scalar(string sql)
    {
        using var connection = Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        // The journal's pool is Npgsql's, per connection string: each spec's database would keep its idle connections open.
        using (var journal = new NpgsqlConnection(Database.JournalConnectionString))
        {
            NpgsqlConnection.ClearPool(journal);
        }

        Database.Dispose();
    }
}
