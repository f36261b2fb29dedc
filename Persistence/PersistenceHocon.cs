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
    public static Config ForSqlite(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cs = Quoted(database.JournalConnectionString);
        var snapshots = Quoted(database.SnapshotConnectionString);
        return Serialization().WithFallback(ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{cs}}"
                  provider-name = "SQLite.MS"
                  table-mapping = sqlite
                  auto-initialize = true
                  # SQLite takes one writer at a time.
                  parallelism = 1
                  # A cloned linq2db connection builds a new mapping schema each time (a sixth of
                  # the server's allocations under load); a fresh one from the same options reuses it.
                  use-clone-connection = false
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{snapshots}}"
                  provider-name = "SQLite.MS"
                  table-mapping = sqlite
                  auto-initialize = true
                  use-clone-connection = false
                }
              }
              query.journal.sql {
                connection-string = "{{cs}}"
                provider-name = "SQLite.MS"
                table-mapping = sqlite
                use-clone-connection = false
              }
            }
            """)).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// Akka.Persistence.Sql on PostgreSQL with the <c>default</c> table mapping. The tables are made by
    /// <see cref="Postgres.PostgresDatabase.Initialize"/> before the actor system starts, so nodes never
    /// race each other's auto-initialize.
    /// </summary>
    public static Config ForPostgres(Postgres.PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cs = Quoted(database.JournalConnectionString);
        return Serialization().WithFallback(ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{cs}}"
                  provider-name = "PostgreSQL.15"
                  table-mapping = default
                  auto-initialize = false
                  use-clone-connection = false
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{cs}}"
                  provider-name = "PostgreSQL.15"
                  table-mapping = default
                  auto-initialize = false
                  use-clone-connection = false
                }
              }
              query.journal.sql {
                connection-string = "{{cs}}"
                provider-name = "PostgreSQL.15"
                table-mapping = default
                use-clone-connection = false
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
