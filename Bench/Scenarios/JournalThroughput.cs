using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>
/// S6: messages persisted per second while many chats write at once, beside plain batched inserts
/// with Microsoft.Data.Sqlite into a table of the journal's shape.
/// </summary>
public static class JournalThroughput
{
    private const int InFlightPerChat = 16;

    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var dataDir = BenchContext.TempDir();
        await using var messenger = await ServerProcess.StartMessenger(dataDir);
        var users = await Clients.Register(messenger.Address, ctx.JournalChats * 2, "journal");
        var senders = await Clients.Many(ctx.JournalChats, 8, async i =>
        {
            var c = Clients.Messenger(messenger.Address, users[2 * i].Token);
            await Clients.StartAsync(c);
            return (Connection: c, RecipientId: users[(2 * i) + 1].Id);
        });

        var runs = new List<double>();
        var bareRuns = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(BatchedInserts(ctx.JournalMessages));
            runs.Add(await Persisted(senders, ctx.JournalMessages));
        }

        await Clients.DisposeAll(senders.Select(s => s.Connection));
        var value = Report.Median(runs);
        var baseline = Report.Median(bareRuns);
        return
        [
            new ScenarioResult("S6", $"journal throughput, {ctx.JournalChats} chats writing at once", value, "msg/s", baseline, "Microsoft.Data.Sqlite batched inserts", value / baseline, "≥ 0.25", value / baseline >= 0.25, runs, bareRuns,
                string.Create(CultureInfo.InvariantCulture, $"{ctx.JournalMessages} acknowledged sends per run, {InFlightPerChat} in flight per chat; baseline inserts the same count in transactions of 100 rows into a WAL database with synchronous=FULL, the durability the journal runs with")),
        ];
    }

    private static async Task<double> Persisted(List<(HubConnection Connection, int RecipientId)> senders, int total)
    {
        var perChat = total / senders.Count;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(senders.Select(async s =>
        {
            using var window = new SemaphoreSlim(InFlightPerChat);
            var sends = new List<Task>(perChat);
            for (var i = 0; i < perChat; i++)
            {
                await window.WaitAsync();
                var text = $"throughput {i} " + new string('y', 40);
                sends.Add(s.Connection.InvokeAsync<JsonElement>("send_message", new { recipientId = s.RecipientId, message = new { text } })
                    .ContinueWith(_ => window.Release(), TaskScheduler.Default));
            }

            await Task.WhenAll(sends);
        }));
        return perChat * senders.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
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
