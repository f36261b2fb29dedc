using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
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
        // One pair of servers for every channel size: each start was a wait of seconds for the runtime,
        // and the second size's warm-up found the fan-out path already compiled. Each size gets a channel
        // (and a bare group) of its own, with subscribers nobody used before.
        var dataDir = BenchContext.TempDir();
        var servers = await ServerProcess.StartSideBySide(dataDir);
        await using var bare = servers.Bare;
        await using var messenger = servers.Messenger;
        var broadcaster = Clients.Bare(bare.Address);
        await Clients.StartAsync(broadcaster);
        var admin = (await Clients.Register(messenger.Address, 1, "admin"))[0];
        var adminConnection = Clients.Messenger(messenger.Address, admin.Token);
        await Clients.StartAsync(adminConnection);
        using var bareDiagnostics = Clients.Http(bare.Address);
        using var messengerDiagnostics = Clients.Http(messenger.Address, await Clients.AdminToken(dataDir));
        var setup = new Setup(dataDir, bare, messenger, broadcaster, adminConnection, bareDiagnostics, messengerDiagnostics);

        var results = new List<ScenarioResult>();
        var firstUserId = 1_000_000;
        foreach (var subscribers in ctx.FanOut)
        {
            results.Add(await RunSize(ctx, setup, subscribers, firstUserId));
            firstUserId += subscribers;
        }

        await Clients.DisposeAll([broadcaster, adminConnection]);
        return results;
    }

    /// <summary>The servers and the connections every channel size shares.</summary>
    private sealed record Setup(
        string DataDir,
        ServerProcess Bare,
        ServerProcess Messenger,
        HubConnection Broadcaster,
        HubConnection Admin,
        HttpClient BareDiagnostics,
        HttpClient MessengerDiagnostics);

    private static async Task<ScenarioResult> RunSize(BenchContext ctx, Setup setup, int subscribers, int firstUserId)
    {
        var posts = ctx.FanOutPosts(subscribers);
        var (dataDir, bare, messenger, broadcaster, adminConnection, bareDiagnostics, messengerDiagnostics) = setup;

        // Both servers' subscribers connect at once: they are set up, not measured, and each side alone
        // left the other server idle for seconds.
        var group = $"room-{subscribers}";
        var setUp = await Task.WhenAll(BareGroup(bare, subscribers, group), MessengerChannel(dataDir, messenger, adminConnection, subscribers, firstUserId));
        var (bareSubs, chatId, messengerSubs) = (setUp[0].Connections, setUp[1].ChatId!, setUp[1].Connections);

        Task<RunFigures> Bare() => Deliveries(bare, bareDiagnostics, bareSubs, posts, p => broadcaster.InvokeAsync<bool>("Broadcast", group, p));
        Task<RunFigures> Messenger() => Deliveries(messenger, messengerDiagnostics, messengerSubs, posts, p => adminConnection.InvokeAsync<JsonElement>("send_message", new { chatId, message = new { text = p } }));
        var warmUpLimit = ctx.Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromMinutes(1);
        await UntilSteady("bare hub", Bare, warmUpLimit);
        await HoldForProfiler("bare hub", bare, Bare);
        await UntilSteady("messenger", Messenger, warmUpLimit);
        await HoldForProfiler("messenger", messenger, Messenger);

        var bareRuns = new List<RunFigures>();
        var runs = new List<RunFigures>();
        var rowsPerPost = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(await Bare());
            var before = await JournalRows.Settled(dataDir);
            Console.Error.WriteLine($"    posting to {subscribers} subscribers through the messenger, pid {messenger.Pid}");
            runs.Add(await Messenger());
            rowsPerPost.Add((await JournalRows.Settled(dataDir) - before) / (double)posts);
        }

        await Clients.DisposeAll([.. bareSubs, .. messengerSubs]);
        var rows = Report.Median(rowsPerPost);
        double MedianOf(List<RunFigures> of, Func<RunFigures, double> figure) => Report.Median([.. of.Select(figure)]);
        return Report.Compare(
            $"S2-{subscribers}",
            $"channel fan-out, {subscribers} online subscribers",
            "deliveries/s",
            [.. runs.Select(r => r.Rate)],
            [.. bareRuns.Select(r => r.Rate)],
            "bare Clients.Group",
            "≥ 0.80 and 1 journal row per post",
            (_, ratio) => ratio >= 0.8 && Math.Abs(rows - 1) < 0.01,
            string.Create(CultureInfo.InvariantCulture, $"{posts} posts per run; journal rows per post {rows:0.##} (all persistence ids); server CPU per post {MedianOf(runs, r => r.CpuMicrosPerPost):0} µs (bare hub {MedianOf(bareRuns, r => r.CpuMicrosPerPost):0}), allocated per post {MedianOf(runs, r => r.AllocatedBytesPerPost) / 1024:0.0} KiB (bare hub {MedianOf(bareRuns, r => r.AllocatedBytesPerPost) / 1024:0.0}), medians of the runs"));
    }

    private sealed record Subscribers(string? ChatId, List<HubConnection> Connections);

    /// <summary>Bare: N connections in one group.</summary>
    private static async Task<Subscribers> BareGroup(ServerProcess bare, int subscribers, string group) =>
        new(null, await Clients.Many(subscribers, 32, async _ =>
        {
            var c = Clients.Bare(bare.Address);
            await Clients.StartAsync(c);
            await c.InvokeAsync("Join", group);
            return c;
        }));

    /// <summary>Messenger: an admin's public channel, N subscribers with sessions of their own.</summary>
    private static async Task<Subscribers> MessengerChannel(string dataDir, ServerProcess messenger, HubConnection adminConnection, int subscribers, int firstUserId)
    {
        var chatId = (await adminConnection.InvokeAsync<JsonElement>("create_channel", new { name = $"bench {subscribers}", isPublic = true })).GetProperty("chatId").GetString()!;
        var mint = await Clients.Minter(dataDir, Enumerable.Range(firstUserId, subscribers));
        return new(chatId, await Clients.Many(subscribers, 32, async i =>
        {
            var c = Clients.Messenger(messenger.Address, mint(firstUserId + i));
            await Clients.StartAsync(c);
            await c.InvokeAsync<JsonElement>("join_chat", new { chatId });
            return c;
        }));
    }

    /// <summary>
    /// Untimed runs until two in a row agree within a tenth, or the limit has passed. One warm-up run was
    /// not enough: a fresh server's JIT was still compiling (a fifth of its CPU samples in the
    /// measured runs), and the first measured run of either server came out at a quarter of the later ones.
    /// </summary>
    private static async Task UntilSteady(string server, Func<Task<RunFigures>> run, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        var previous = (await run()).Rate;
        var rounds = 1;
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            var current = (await run()).Rate;
            rounds++;
            if (Math.Abs(current - previous) <= 0.1 * Math.Max(current, previous))
            {
                break;
            }

            previous = current;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {server} warmed up in {rounds} untimed runs, {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s"));
    }

    /// <summary>
    /// <c>BENCH_S2_PROFILE=seconds</c>: after its warm-up, each server gets posts run after run for that long, so that a
    /// profiler attached to the printed process id sees the fan-out alone (a measured run lasts under a second).
    /// </summary>
    private static async Task HoldForProfiler(string name, ServerProcess server, Func<Task<RunFigures>> run)
    {
        if (!double.TryParse(Environment.GetEnvironmentVariable("BENCH_S2_PROFILE"), CultureInfo.InvariantCulture, out var seconds))
        {
            return;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    profile now: {name} pid {server.Pid} posting for {seconds:0} s"));
        var started = Stopwatch.GetTimestamp();
        var runs = 0;
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            await run();
            runs++;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    profile done: {name}, {runs} runs in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }

    /// <summary>One run: deliveries per second, and the server's CPU time and allocations per post (which a loaded machine moves less).</summary>
    private sealed record RunFigures(double Rate, double CpuMicrosPerPost, double AllocatedBytesPerPost);

    /// <summary>Sends the posts at once and times until every subscriber has every post.</summary>
    private static async Task<RunFigures> Deliveries(ServerProcess server, HttpClient diagnostics, List<HubConnection> subscribers, int posts, Func<string, Task> post)
    {
        var (cpuBefore, allocatedBefore) = (server.CpuTime(), await Allocated(diagnostics));
        var run = Guid.NewGuid().ToString("N")[..8];
        var expected = subscribers.Count * posts;
        var arrived = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriptions = subscribers.Select(c => c.On<JsonElement>("new_message", e =>
        {
            if (Clients.TextOfNewMessage(e).StartsWith(run, StringComparison.Ordinal) && Interlocked.Increment(ref arrived) == expected)
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
        var figures = new RunFigures(rate, (server.CpuTime() - cpuBefore).TotalMicroseconds / posts, (double)(await Allocated(diagnostics) - allocatedBefore) / posts);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {posts} posts to {subscribers.Count}: {rate:0} deliveries/s in {seconds:0.00} s; server {figures.CpuMicrosPerPost:0} µs CPU, {figures.AllocatedBytesPerPost / 1024:0.0} KiB allocated per post"));
        return figures;
    }

    private static async Task<long> Allocated(HttpClient diagnostics) =>
        (await diagnostics.GetFromJsonAsync<JsonElement>(new Uri("/admin/server/allocations", UriKind.Relative))).GetProperty("allocatedBytes").GetInt64();
}
