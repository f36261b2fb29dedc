using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>
/// S5: a chat with many messages; after a restart, the time until the chat answers its first
/// request, beside the time a plain SELECT takes to read that chat's journal rows.
/// </summary>
public static class Recovery
{
    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var dataDir = BenchContext.TempDir();
        string chatId;
        await using (var messenger = await ServerProcess.StartMessenger(dataDir))
        {
            var users = await Clients.Register(messenger.Address, 2, "rec");
            var sender = Clients.Messenger(messenger.Address, users[0].Token);
            await Clients.StartAsync(sender);
            chatId = await Fill(sender, users[1].Id, ctx.RecoveryMessages);
            await sender.DisposeAsync();
        }

        var runs = new List<double>();
        var selectRuns = new List<double>();
        var rows = 0L;
        for (var r = 0; r < ctx.RecoveryRestarts; r++)
        {
            (rows, var selectMs) = PlainSelect(dataDir, chatId);
            selectRuns.Add(selectMs);
            await using var messenger = await ServerProcess.StartMessenger(dataDir);
            var (me, token) = await Clients.Login(Clients.Http(messenger.Address), "rec1");
            using var http = Clients.Http(messenger.Address, token);

            // The node is up and has served a request through another (empty) chat: what is timed is this chat's recovery.
            await http.GetFromJsonAsync<JsonElement>($"/api/messages/dm-{me}-{me}?limit=50");
            var started = Stopwatch.GetTimestamp();
            var page = await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=50");
            runs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (page.GetProperty("messages").GetArrayLength() != 50)
            {
                throw new InvalidOperationException("the recovered chat answered with the wrong page");
            }
        }

        var baseline = Report.Median(selectRuns);
        return
        [
            Report.Compare("S5", $"recovery: first answer of a chat with {ctx.RecoveryMessages:N0} messages after a restart", "ms", runs, selectRuns, $"plain SELECT of its {rows:N0} journal rows", "< 200 ms", (value, _) => value < 200,
                string.Create(CultureInfo.InvariantCulture, $"plain SELECT replay rate {rows / (baseline / 1000):N0} rows/s; the chat recovers from its latest snapshot plus at most snapshot-every events")),
        ];
    }

    /// <summary>Sends the messages with a window of invocations in flight; returns the chat id.</summary>
    private static async Task<string> Fill(Microsoft.AspNetCore.SignalR.Client.HubConnection sender, int recipientId, int count)
    {
        var chatId = string.Empty;
        var window = new SemaphoreSlim(128);
        var tasks = new List<Task>(count);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync();
            var text = $"message {i} " + new string('x', 40);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var sent = await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<JsonElement>(sender, "send_message", new { recipientId, message = new { text } });
                    chatId = sent.GetProperty("chatId").GetString()!;
                }
                finally
                {
                    window.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    filled {count} messages in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
        return chatId;
    }

    private static (long Rows, double Ms) PlainSelect(string dataDir, string chatId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "messenger.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var started = Stopwatch.GetTimestamp();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_nr, manifest, payload FROM event_journal WHERE persistence_id = $id ORDER BY sequence_nr;";
        command.Parameters.AddWithValue("$id", "chat-" + chatId);
        var rows = 0L;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // Read every payload, as a replay would.
                _ = (byte[])reader[2];
                rows++;
            }
        }

        return (rows, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
