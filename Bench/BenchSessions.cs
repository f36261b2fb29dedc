using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.User;
using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Actor.Setup;
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
    /// <param name="db">The server's PostgreSQL database when it runs with <c>--db</c> (its schema made by the server); else its SQLite files.</param>
    public static async Task<IReadOnlyDictionary<int, SessionView>> Start(string dataDir, IEnumerable<int> userIds, string? db = null)
    {
        using var storage = StorageBackends.Choose(new DataDirectory(dataDir), db);
        var config = storage.AkkaConfig
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = off"));
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        using var system = ActorSystem.Create("bench-sessions", storage.AkkaSetup is { } setup ? bootstrap.And(setup) : ActorSystemSetup.Create(bootstrap));
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        var sessions = new Dictionary<int, SessionView>();
        foreach (var chunk in userIds.Distinct().Chunk(256))
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
