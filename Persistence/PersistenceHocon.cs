using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Serialization;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace ActorMessenger.Persistence;

/// <summary>
/// The persistence half of the Akka configuration: Akka.Persistence.Sql on a SQLite file, and the
/// serializer binding for persisted types. The server and the TestKit specs load the same text.
/// </summary>
public static class PersistenceHocon
{
    public static Config ForSqlite(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var cs = connectionString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var serializer = $"{typeof(MessengerSerializer).FullName}, {typeof(MessengerSerializer).Assembly.GetName().Name}";
        var marker = $"{typeof(IPersisted).FullName}, {typeof(IPersisted).Assembly.GetName().Name}";
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.messenger = "{{serializer}}"
              serialization-bindings { "{{marker}}" = messenger }
              serialization-identifiers { "{{serializer}}" = {{MessengerSerializer.Id}} }
            }
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
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{cs}}"
                  provider-name = "SQLite.MS"
                  table-mapping = sqlite
                  auto-initialize = true
                }
              }
              query.journal.sql {
                connection-string = "{{cs}}"
                provider-name = "SQLite.MS"
                table-mapping = sqlite
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }
}
