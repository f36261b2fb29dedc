using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>
/// S2: one admin posts into a channel whose subscribers are all online; deliveries per second beside
/// a bare hub's <c>Clients.Group</c> send to the same number of connections; and journal rows per post.
/// </summary>
public static class FanOut
{
    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var results = new List<ScenarioResult>();
        foreach (var subscribers in ctx.FanOut)
        {
            results.Add(await RunSize(ctx, subscribers));
        }

        return results;
    }

    private static async Task<ScenarioResult> RunSize(BenchContext ctx, int subscribers)
    {
        var dataDir = BenchContext.TempDir();
        await using var bare = await ServerProcess.StartBareHub();
        await using var messenger = await ServerProcess.StartMessenger(dataDir);

        // Bare: N connections in one group, and a broadcaster.
        var bareSubs = await Clients.Many(subscribers, 32, async _ =>
        {
            var c = Clients.Bare(bare.Address);
            await Clients.StartAsync(c);
            await c.InvokeAsync("Join", "room");
            return c;
        });
        var broadcaster = Clients.Bare(bare.Address);
        await Clients.StartAsync(broadcaster);

        // Messenger: an admin's public channel, N subscribers with sessions of their own.
        var admin = (await Clients.Register(messenger.Address, 1, "admin"))[0];
        var adminConnection = Clients.Messenger(messenger.Address, admin.Token);
        await Clients.StartAsync(adminConnection);
        var chatId = (await adminConnection.InvokeAsync<JsonElement>("create_channel", new { name = "bench", isPublic = true })).GetProperty("chatId").GetString()!;
        var mint = Clients.Minter(dataDir);
        var messengerSubs = await Clients.Many(subscribers, 32, async i =>
        {
            var c = Clients.Messenger(messenger.Address, mint(1_000_000 + i));
            await Clients.StartAsync(c);
            await c.InvokeAsync<JsonElement>("join_chat", new { chatId });
            return c;
        });

        // Untimed once each, so JIT and first-use costs are not measured.
        await Deliveries(bareSubs, "new_message", ctx.FanOutPosts, p => broadcaster.InvokeAsync<bool>("Broadcast", "room", p), Clients.TextOfNewMessage);
        await Deliveries(messengerSubs, "new_message", ctx.FanOutPosts, p => adminConnection.InvokeAsync<JsonElement>("send_message", new { chatId, message = new { text = p } }), Clients.TextOfNewMessage);

        var bareRuns = new List<double>();
        var runs = new List<double>();
        var rowsPerPost = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(await Deliveries(bareSubs, "new_message", ctx.FanOutPosts, p => broadcaster.InvokeAsync<bool>("Broadcast", "room", p), Clients.TextOfNewMessage));
            var before = await JournalRows.Settled(dataDir);
            Console.Error.WriteLine($"    posting to {subscribers} subscribers through the messenger, pid {messenger.Pid}");
            runs.Add(await Deliveries(messengerSubs, "new_message", ctx.FanOutPosts, p => adminConnection.InvokeAsync<JsonElement>("send_message", new { chatId, message = new { text = p } }), Clients.TextOfNewMessage));
            rowsPerPost.Add((await JournalRows.Settled(dataDir) - before) / (double)ctx.FanOutPosts);
        }

        await Clients.DisposeAll([.. bareSubs, .. messengerSubs, broadcaster, adminConnection]);
        var rows = Report.Median(rowsPerPost);
        return Report.Compare(
            $"S2-{subscribers}",
            $"channel fan-out, {subscribers} online subscribers",
            "deliveries/s",
            runs,
            bareRuns,
            "bare Clients.Group",
            "≥ 0.80 and 1 journal row per post",
            (_, ratio) => ratio >= 0.8 && Math.Abs(rows - 1) < 0.01,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.FanOutPosts} posts per run; journal rows per post {rows:0.##} (all persistence ids)"));
    }

    /// <summary>Sends the posts at once and times until every subscriber has every post.</summary>
    private static async Task<double> Deliveries(List<HubConnection> subscribers, string eventName, int posts, Func<string, Task> post, Func<JsonElement, string> textOf)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var expected = subscribers.Count * posts;
        var arrived = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriptions = subscribers.Select(c => c.On<JsonElement>(eventName, e =>
        {
            if (textOf(e).StartsWith(run, StringComparison.Ordinal) && Interlocked.Increment(ref arrived) == expected)
            {
                done.TrySetResult();
            }
        })).ToList();

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, posts).Select(i => post($"{run}|{i}")));
        await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(120)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        foreach (var s in subscriptions)
        {
            s.Dispose();
        }

        return done.Task.IsCompleted ? expected / seconds : Volatile.Read(ref arrived) / seconds;
    }
}
