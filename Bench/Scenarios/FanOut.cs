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
        var posts = ctx.FanOutPosts(subscribers);
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
        var mint = await Clients.Minter(dataDir, Enumerable.Range(1_000_000, subscribers));
        var messengerSubs = await Clients.Many(subscribers, 32, async i =>
        {
            var c = Clients.Messenger(messenger.Address, mint(1_000_000 + i));
            await Clients.StartAsync(c);
            await c.InvokeAsync<JsonElement>("join_chat", new { chatId });
            return c;
        });

        Task<double> Bare() => Deliveries(bareSubs, "new_message", posts, p => broadcaster.InvokeAsync<bool>("Broadcast", "room", p), Clients.TextOfNewMessage);
        Task<double> Messenger() => Deliveries(messengerSubs, "new_message", posts, p => adminConnection.InvokeAsync<JsonElement>("send_message", new { chatId, message = new { text = p } }), Clients.TextOfNewMessage);
        var warmUpLimit = ctx.Quick ? TimeSpan.FromSeconds(15) : TimeSpan.FromMinutes(1);
        await UntilSteady("bare hub", Bare, warmUpLimit);
        await UntilSteady("messenger", Messenger, warmUpLimit);

        var bareRuns = new List<double>();
        var runs = new List<double>();
        var rowsPerPost = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(await Bare());
            var before = await JournalRows.Settled(dataDir);
            Console.Error.WriteLine($"    posting to {subscribers} subscribers through the messenger, pid {messenger.Pid}");
            runs.Add(await Messenger());
            rowsPerPost.Add((await JournalRows.Settled(dataDir) - before) / (double)posts);
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
            string.Create(CultureInfo.InvariantCulture, $"{posts} posts per run; journal rows per post {rows:0.##} (all persistence ids)"));
    }

    /// <summary>
    /// Untimed runs until two in a row agree within a tenth, or the limit has passed. One warm-up run was
    /// not enough: a fresh server's JIT was still compiling (a fifth of its CPU samples in the
    /// measured runs), and the first measured run of either server came out at a quarter of the later ones.
    /// </summary>
    private static async Task UntilSteady(string server, Func<Task<double>> run, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        var previous = await run();
        var rounds = 1;
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            var current = await run();
            rounds++;
            if (Math.Abs(current - previous) <= 0.1 * Math.Max(current, previous))
            {
                break;
            }

            previous = current;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {server} warmed up in {rounds} untimed runs, {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s"));
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

        var rate = done.Task.IsCompleted ? expected / seconds : Volatile.Read(ref arrived) / seconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {posts} posts to {subscribers.Count}: {rate:0} deliveries/s in {seconds:0.00} s"));
        return rate;
    }
}
