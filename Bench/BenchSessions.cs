using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.User;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Sqlite;
using Akka.Actor;
using Akka.Configuration;
using static ActorMessenger.Actors.Protocol.SessionProtocol;

namespace ActorMessenger.Bench;

/// <summary>
/// Sessions for minted tokens: a token is taken only if its user entity knows its session, so the
/// bench starts the sessions itself, in the server's journal, through the user entity's own code
/// (in this process, for user ids the running server has never woken: an entity awake in the
/// server would not see these events and would write over their sequence numbers; SQLite takes
/// writers from both processes in turn). Thousands of logins would each cost a PBKDF2 hash.
/// </summary>
public static class BenchSessions
{
    public static async Task<IReadOnlyDictionary<int, SessionView>> Start(string dataDir, IEnumerable<int> userIds)
    {
        var database = new SqliteDatabase(dataDir);
        var config = PersistenceHocon.ForSqlite(database)
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = off"));
        using var system = ActorSystem.Create("bench-sessions", BootstrapSetup.Create()
            .WithConfig(config)
            .And(SqliteJournalConnections.Setup(database, checkpointedElsewhere: true)));
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        var sessions = new Dictionary<int, SessionView>();
        foreach (var chunk in userIds.Distinct().Chunk(64))
        {
            var started = await Task.WhenAll(chunk.Select(id =>
            {
                var user = system.ActorOf(UserSessionActor.Props(id, MessengerSettings.Default, ActorRefs.Nobody, ActorRefs.Nobody, ActorRefs.Nobody, ActorRefs.Nobody));
                return user.Ask<SessionStarted>(new StartSession(id, "bench", "127.0.0.1", expires), TimeSpan.FromSeconds(60));
            }));
            foreach (var s in started)
            {
                sessions[s.UserId] = s.Session;
            }
        }

        await system.Terminate();
        return sessions;
    }
}
