using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Chat;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Sqlite;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>
/// S6: messages persisted per second while many chats write at once, beside plain batched inserts
/// with Microsoft.Data.Sqlite into a table of the journal's shape. The chats are the real actors on
/// the real journal, driven directly: the network path is what S1 measures.
/// </summary>
public static class JournalThroughput
{
    private const int InFlightPerChat = 16;

    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        // Untimed once each, so JIT and first-use costs are not measured.
        BatchedInserts(ctx.JournalMessages / 4);
        await ThroughChatActors(ctx.JournalChats, ctx.JournalMessages / 4);

        var runs = new List<double>();
        var bareRuns = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(BatchedInserts(ctx.JournalMessages));
            runs.Add(await ThroughChatActors(ctx.JournalChats, ctx.JournalMessages));
        }

        return
        [
            Report.Compare("S6", $"journal throughput, {ctx.JournalChats} chats writing at once", "msg/s", runs, bareRuns, "Microsoft.Data.Sqlite batched inserts", "≥ 0.25", (_, ratio) => ratio >= 0.25,
                string.Create(CultureInfo.InvariantCulture, $"{ctx.JournalMessages} posts per run to the real chat actors on the real Akka.Persistence.Sql journal (and history projection) in this process, {InFlightPerChat} in flight per chat, each acknowledged only once stored; baseline inserts the same count in transactions of 100 rows into a table of the journal's shape, WAL, synchronous=FULL as the journal runs")),
        ];
    }

    /// <summary>Posts straight to chat actors (no network): what the journal and the actors around it sustain.</summary>
    private static async Task<double> ThroughChatActors(int chats, int total)
    {
        var database = new SqliteDatabase(BenchContext.TempDir());
        database.Initialize();
        var history = new SqliteMessageHistoryStore(database);
        var config = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(Paths.Root, "HOCON", "messenger.hocon")))
            .WithFallback(PersistenceHocon.ForSqlite(database));
        using var system = ActorSystem.Create("bench", BootstrapSetup.Create()
            .WithConfig(config.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")))
            .And(SqliteJournalConnections.Setup(database)));
        var settings = MessengerSettings.From(system.Settings.Config);
        var users = system.ActorOf(Props.Create(() => new UserStandIn()), "users");
        var writer = system.ActorOf(HistoryWriterActor.Props(history, settings.HistoryBatchSize, settings.HistoryFlushInterval), "history-writer");
        var perChat = total / chats;
        var actors = Enumerable.Range(0, chats)
            .Select(i => (Id: ChatIds.Direct((2 * i) + 1, (2 * i) + 2), Sender: (2 * i) + 1))
            .Select(c => (c.Id, c.Sender, Ref: system.ActorOf(ChatActor.Props(c.Id, settings, users, users, writer, history))))
            .ToList();

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(actors.Select(async chat =>
        {
            using var window = new SemaphoreSlim(InFlightPerChat);
            var sends = new List<Task>(perChat);
            for (var i = 0; i < perChat; i++)
            {
                await window.WaitAsync();
                var post = new ChatProtocol.PostMessage(chat.Id, chat.Sender, $"throughput {i} " + new string('y', 40), MessageTypes.Text, $"c{i}", null, CreateDirect: true);
                sends.Add(chat.Ref.Ask<ChatProtocol.MessageAccepted>(post, TimeSpan.FromSeconds(60)).ContinueWith(_ => window.Release(), TaskScheduler.Default));
            }

            await Task.WhenAll(sends);
        }));
        var rate = perChat * chats / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await system.Terminate();
        return rate;
    }

    /// <summary>Stands in for the user entities: confirms chat-list notices, drops deliveries (nobody is connected).</summary>
    private sealed class UserStandIn : ReceiveActor
    {
        public UserStandIn()
        {
            Receive<UserProtocol.MembershipNotice>(n => Sender.Tell(new UserProtocol.MembershipRecorded(n.UserId, n.ChatId, n.IsMember)));
            ReceiveAny(_ => { });
        }
    }

    /// <summary>The same number of rows, of the journal's shape and a similar payload, in transactions of 100.</summary>
    private static double BatchedInserts(int total)
    {
        var path = Path.Combine(BenchContext.TempDir(), "baseline.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
                CREATE TABLE event_journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL,
                  is_deleted INTEGER NOT NULL, manifest TEXT NOT NULL, timestamp INTEGER NOT NULL, payload BLOB NOT NULL, tags TEXT,
                  serializer_id INTEGER, UNIQUE (persistence_id, sequence_nr));
                """;
            setup.ExecuteNonQuery();
        }

        var payload = Encoding.UTF8.GetBytes("{\"message\":{\"id\":\"dm-1-2:1\",\"chatId\":\"dm-1-2\",\"seq\":1,\"senderId\":1,\"text\":\"throughput 1 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\",\"type\":\"text\",\"createdAt\":\"2026-11-25T09:00:00+00:00\"}}");
        var started = Stopwatch.GetTimestamp();
        for (var written = 0; written < total;)
        {
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO event_journal (persistence_id, sequence_nr, is_deleted, manifest, timestamp, payload, tags, serializer_id) VALUES ($p, $s, 0, 'chat.message-posted.v1', $t, $b, NULL, 4117);";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var b = insert.Parameters.Add("$b", SqliteType.Blob);
            for (var i = 0; i < 100 && written < total; i++, written++)
            {
                p.Value = string.Create(CultureInfo.InvariantCulture, $"chat-dm-{written % 50}");
                s.Value = (written / 50) + 1;
                t.Value = DateTime.UtcNow.Ticks;
                b.Value = payload;
                insert.ExecuteNonQuery();
            }

            tx.Commit();
        }

        return total / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
