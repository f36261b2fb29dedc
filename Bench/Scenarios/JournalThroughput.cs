using System.Diagnostics;
using System.Globalization;
using System.Runtime;
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
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);
    private const double QuietJitShare = 0.02;
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(3);

    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        // One actor system and one baseline file for the whole scenario, as a running server has:
        // a fresh system per run would re-pay JIT tiering and linq2db's query compilation each time.
        using var journal = JournalUnderTest.Start();
        var baselinePath = Path.Combine(BenchContext.TempDir(), "baseline.db");

        // Untimed rounds until the JIT is quiet: tiered compilation keeps recompiling hot methods for
        // many seconds after start, which a long-running server has long finished. Bounded in time,
        // not rounds: a --quick round lasts half a second.
        // The JIT's share is taken over the last few seconds of rounds, not the last round: tiering
        // promotes methods in batches after a delay, so a single round without a finished compilation
        // read as quiet while seconds of recompiling were still to come.
        var round = 0;
        var jitShare = 1.0;
        var warming = Stopwatch.StartNew();
        var window = new Queue<(TimeSpan Jit, long At)>();
        window.Enqueue((JitInfo.GetCompilationTime(), Stopwatch.GetTimestamp()));
        while ((jitShare >= QuietJitShare || Stopwatch.GetElapsedTime(window.Peek().At) < QuietWindow) && warming.Elapsed < MaxWarmUp)
        {
            BatchedInserts(baselinePath, ctx.JournalMessages);
            await journal.Post(round++, ctx.JournalChats, ctx.JournalMessages);
            window.Enqueue((JitInfo.GetCompilationTime(), Stopwatch.GetTimestamp()));
            while (window.Count > 2 && Stopwatch.GetElapsedTime(window.ElementAt(1).At) >= QuietWindow)
            {
                window.Dequeue();
            }

            var (jitThen, since) = window.Peek();
            jitShare = (JitInfo.GetCompilationTime() - jitThen) / Stopwatch.GetElapsedTime(since);
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    warm-up: {round} rounds in {warming.Elapsed.TotalSeconds:0} s, JIT {jitShare:P0} of the last {QuietWindow.TotalSeconds:0} s"));

        round = await Hold(journal, round, ctx);

        var runs = new List<double>();
        var bareRuns = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(BatchedInserts(baselinePath, ctx.JournalMessages));
            runs.Add(await journal.Post(round++, ctx.JournalChats, ctx.JournalMessages));
        }

        return
        [
            Report.Compare("S6", $"journal throughput, {ctx.JournalChats} chats writing at once", "msg/s", runs, bareRuns, "Microsoft.Data.Sqlite batched inserts", "≥ 0.50", (_, ratio) => ratio >= 0.5,
                string.Create(CultureInfo.InvariantCulture, $"{ctx.JournalMessages} posts per run to fresh chats of one running actor system, on the server's own journal (SqliteJournal) and history projection in this process, {InFlightPerChat} in flight per chat, each acknowledged only once stored; baseline inserts the same count in transactions of 100 rows into one table of the journal's shape, WAL, synchronous=FULL as the journal runs; both files grow over the runs")),
        ];
    }

    /// <summary>For a profiler (perf, dotnet-trace -p PID): posts round after round for BENCH_S6_HOLD seconds, each round's rate on stderr.</summary>
    private static async Task<int> Hold(JournalUnderTest journal, int round, BenchContext ctx)
    {
        if (Environment.GetEnvironmentVariable("BENCH_S6_HOLD") is not { } hold)
        {
            return round;
        }

        Console.Error.WriteLine($"    {Environment.ProcessId} posting for {hold} s");
        var holding = Stopwatch.StartNew();
        var rates = new List<double>();
        var window = new CpuWindow();
        while (holding.Elapsed < TimeSpan.FromSeconds(int.Parse(hold, CultureInfo.InvariantCulture)))
        {
            rates.Add(await journal.Post(round++, ctx.JournalChats, ctx.JournalMessages));
            window.Count(ctx.JournalMessages);
        }

        window.Print();
        rates.Sort();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {rates.Count} rounds, median {rates[rates.Count / 2]:0} msg/s"));
        return round;
    }

    /// <summary>
    /// Process CPU and bytes allocated per message over windows of about five seconds: steadier on a
    /// shared machine than the rate, and the later windows show when tiered compilation has settled.
    /// </summary>
    private sealed class CpuWindow
    {
        private readonly Process _self = Process.GetCurrentProcess();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _cpu;
        private long _allocated = GC.GetTotalAllocatedBytes();
        private double _messages;

        public CpuWindow() => _cpu = _self.TotalProcessorTime;

        public void Count(int messages)
        {
            _messages += messages;
            if (_clock.Elapsed >= TimeSpan.FromSeconds(5))
            {
                Print();
            }
        }

        public void Print()
        {
            if (_messages == 0)
            {
                return;
            }

            _self.Refresh();
            var cpu = _self.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {_messages:0} messages in {_clock.Elapsed.TotalSeconds:0.0} s: process CPU {(cpu - _cpu).TotalMicroseconds / _messages:0} µs and {(allocated - _allocated) / _messages / 1024:0.0} KiB allocated per message"));
            (_cpu, _allocated, _messages) = (cpu, allocated, 0);
            _clock.Restart();
        }
    }

    /// <summary>The real chat actors on the real journal and projection, driven directly (no network: S1 measures that path).</summary>
    private sealed class JournalUnderTest : IDisposable
    {
        private readonly ActorSystem _system;
        private readonly MessengerSettings _settings;
        private readonly IActorRef _users;
        private readonly IActorRef _writer;
        private readonly SqliteMessageHistoryStore _history;
        private readonly WalCheckpointer _checkpointer;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _checkpoints;

        private JournalUnderTest(ActorSystem system, SqliteMessageHistoryStore history, WalCheckpointer checkpointer)
        {
            _system = system;
            _history = history;
            _checkpointer = checkpointer;

            // As in the server: the journal's log is checkpointed beside its writer, not in its commits.
            _checkpoints = checkpointer.RunAsync(ex => Console.Error.WriteLine($"    checkpoint failed: {ex.Message}"), _stop.Token);
            _settings = MessengerSettings.From(system.Settings.Config);
            _users = system.ActorOf(Props.Create(() => new UserStandIn()), "users");
            _writer = system.ActorOf(HistoryWriterActor.Props(history, _settings.HistoryBatchSize, _settings.HistoryFlushInterval), "history-writer");
        }

        public static JournalUnderTest Start()
        {
            var database = new SqliteDatabase(BenchContext.TempDir());
            database.Initialize();
            var config = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(Paths.Root, "HOCON", "messenger.hocon")))
                .WithFallback(PersistenceHocon.ForSqlite(database, checkpointedElsewhere: true));
            var system = ActorSystem.Create("bench", BootstrapSetup.Create()
                .WithConfig(config.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = off")))
                .And(SqliteJournalConnections.Setup(database, checkpointedElsewhere: true)));
            return new JournalUnderTest(system, new SqliteMessageHistoryStore(database), new WalCheckpointer(database.JournalConnectionString));
        }

        /// <summary>Posts <paramref name="total"/> messages into <paramref name="chats"/> new chats; returns messages stored per second.</summary>
        public async Task<double> Post(int round, int chats, int total)
        {
            var perChat = total / chats;
            var firstUser = (round * chats * 2) + 1;
            var actors = Enumerable.Range(0, chats)
                .Select(i => (Id: ChatIds.Direct(firstUser + (2 * i), firstUser + (2 * i) + 1), Sender: firstUser + (2 * i)))
                .Select(c => (c.Id, c.Sender, Ref: _system.ActorOf(ChatActor.Props(c.Id, _settings, _users, _users, _writer, _history))))
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
            foreach (var chat in actors)
            {
                await chat.Ref.GracefulStop(TimeSpan.FromSeconds(10));
            }

            return rate;
        }

        public void Dispose()
        {
            _system.Terminate().Wait(TimeSpan.FromSeconds(30));
            _stop.Cancel();
            _checkpoints.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
            _checkpointer.Dispose();
            _stop.Dispose();
        }
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
    private static double BatchedInserts(string path, int total)
    {
        using var connection = JournalShape.OpenDurable(path);

        var payload = Encoding.UTF8.GetBytes("{\"message\":{\"id\":\"dm-1-2:1\",\"chatId\":\"dm-1-2\",\"seq\":1,\"senderId\":1,\"text\":\"throughput 1 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\",\"type\":\"text\",\"createdAt\":\"2026-11-25T09:00:00+00:00\"}}");
        var run = Guid.NewGuid().ToString("N")[..8];
        var started = Stopwatch.GetTimestamp();
        for (var written = 0; written < total;)
        {
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = JournalShape.Insert;
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var b = insert.Parameters.Add("$b", SqliteType.Blob);
            for (var i = 0; i < 100 && written < total; i++, written++)
            {
                p.Value = string.Create(CultureInfo.InvariantCulture, $"chat-dm-{run}-{written % 50}");
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
