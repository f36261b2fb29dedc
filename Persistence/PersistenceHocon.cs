using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Serialization;
using ActorMessenger.Persistence.Sqlite;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace ActorMessenger.Persistence;

/// <summary>
/// The persistence half of the Akka configuration: Akka.Persistence.Sql on SQLite files or on
/// PostgreSQL, and the serializer binding for persisted types. The server and the TestKit specs load
/// the same text.
/// </summary>
public static class PersistenceHocon
{
    /// <param name="database">The data directory's files.</param>
    /// <param name="checkpointedElsewhere">
    /// A <see cref="WalCheckpointer"/> runs for the journal (the server's case): its writer leaves
    /// checkpoints to it instead of doing them inside a commit.
    /// </param>
    public static Config ForSqlite(SqliteDatabase database, bool checkpointedElsewhere = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        // SQLite takes one writer at a time; the tables are made by each file's first user. The
        // journal is our own writer (SqliteJournal) on Akka.Persistence.Sql's table; Akka.Persistence.Sql's
        // journal stays configured, so setting the plugin back to it reads and writes the same rows.
        // Its replay has no filter for interleaved writers: the table's unique index keeps a second
        // writer of a sequence number out, and the filter was an actor made for every recovery.
        var journal = ConfigurationFactory.ParseString($$"""
            akka.persistence.journal {
              plugin = "{{SqliteJournal.PluginId}}"
              messenger-sqlite {
                class = "{{typeof(SqliteJournal).FullName}}, {{typeof(SqliteJournal).Assembly.GetName().Name}}"
                plugin-dispatcher = "akka.actor.default-dispatcher"
                connection-string = "{{Quoted(database.JournalConnectionString)}}"
                auto-checkpoint = {{(checkpointedElsewhere ? "off" : "on")}}
                replay-filter.mode = off
              }
            }
            akka.persistence.snapshot-store {
              plugin = "{{SqliteSnapshotStore.PluginId}}"
              messenger-sqlite {
                class = "{{typeof(SqliteSnapshotStore).FullName}}, {{typeof(SqliteSnapshotStore).Assembly.GetName().Name}}"
                plugin-dispatcher = "akka.actor.default-dispatcher"
                connection-string = "{{Quoted(database.SnapshotConnectionString)}}"
              }
            }
            """);
        return journal.WithFallback(Build(new Store("SQLite.MS", "sqlite", AutoInitialize: true, Parallelism: 1),
            database.JournalConnectionString, database.SnapshotConnectionString));
    }

    /// <summary>
    /// Akka.Persistence.Sql on PostgreSQL with the <c>default</c> table mapping. The tables are made by
    /// <see cref="Postgres.PostgresDatabase.Initialize"/> before the actor system starts, so nodes never
    /// race each other's auto-initialize.
    /// </summary>
    public static Config ForPostgres(Postgres.PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return Build(new Store("PostgreSQL.15", "default", AutoInitialize: false, Parallelism: null),
            database.JournalConnectionString, database.JournalConnectionString);
    }

    private sealed record Store(string Provider, string Mapping, bool AutoInitialize, int? Parallelism);

    private static Config Build(Store store, string journal, string snapshots)
    {
        // A cloned linq2db connection builds a new mapping schema each time (a sixth of the
        // server's allocations under load); a fresh one from the same options reuses it.
        var common = $$"""
            provider-name = "{{store.Provider}}"
            table-mapping = {{store.Mapping}}
            use-clone-connection = false
            """;
        var writer = $"auto-initialize = {(store.AutoInitialize ? "true" : "false")}";
        var parallelism = store.Parallelism is { } n ? $"parallelism = {n}" : "";
        return Serialization().WithFallback(ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{Quoted(journal)}}"
                  {{common}}
                  {{writer}}
                  {{parallelism}}
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{Quoted(snapshots)}}"
                  {{common}}
                  {{writer}}
                }
              }
              query.journal.sql {
                connection-string = "{{Quoted(journal)}}"
                {{common}}
              }
            }
            """)).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static Config Serialization()
    {
        var serializer = $"{typeof(MessengerSerializer).FullName}, {typeof(MessengerSerializer).Assembly.GetName().Name}";
        var marker = $"{typeof(IPersisted).FullName}, {typeof(IPersisted).Assembly.GetName().Name}";
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.messenger = "{{serializer}}"
              serialization-bindings { "{{marker}}" = messenger }
              serialization-identifiers { "{{serializer}}" = {{MessengerSerializer.Id}} }
            }
            """);
    }

    private static string Quoted(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
