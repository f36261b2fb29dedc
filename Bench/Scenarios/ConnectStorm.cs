using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>S4a: many users with tokens connecting and coming online at once, beside bare connects; S4b: the same with a login first, beside the password hash alone.</summary>
public static class ConnectStorm
{
    private const int Parallelism = 32;

    /// <summary>The first of the reconnecting users' ids, far above those the registrations get.</summary>
    private const int ReconnectIds = 3_000_000;

    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var dataDir = BenchContext.TempDir();
        var servers = await ServerProcess.StartSideBySide(dataDir);
        await using var bare = servers.Bare;
        await using var messenger = servers.Messenger;
        var users = await Clients.Register(messenger.Address, ctx.StormUsers, "storm");

        // The reconnect storm needs no password hash, so it can be as big as a restart's: tokens minted
        // for sessions stored beforehand, for ids the server has not woken yet. Each storm has users of
        // its own, so every measured one is the storm after a restart (no user awake), and one untimed
        // storm per server comes first: the first storm of either ran at a third to a half of the later
        // ones while the runtime compiled the connect path, and the median then picked a storm still warming up.
        var reconnecting = ctx.ReconnectUsers;
        var storms = ctx.Repeats + 1;
        var mint = await Clients.Minter(dataDir, Enumerable.Range(ReconnectIds, reconnecting * storms));
        var tokens = Enumerable.Range(ReconnectIds, reconnecting * storms).Select(mint).ToArray();

        var loginRuns = new List<double>();
        var bareRuns = new List<double>();
        var tokenRuns = new List<double>();
        var hashRuns = new List<double>();
        var bareCpuRuns = new List<double>();
        var tokenCpu = new List<double>();
        var awakeRuns = new List<double>();
        var awakeCpu = new List<double>();
        Func<int, Task<HubConnection>> bareConnect = async _ =>
        {
            var c = Clients.Bare(bare.Address);
            await Clients.StartAsync(c);
            return c;
        };
        Func<int, Task<HubConnection>> TokenConnect(int storm) => i => ConnectOnline(messenger, tokens[(storm * reconnecting) + i]);
        await Storm(bare, reconnecting, bareConnect);
        await Storm(messenger, reconnecting, TokenConnect(0));
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(await Storm(bare, reconnecting, bareConnect, bareCpuRuns));
            tokenRuns.Add(await Storm(messenger, reconnecting, TokenConnect(r + 1), tokenCpu));
            awakeRuns.Add(await Storm(messenger, reconnecting, TokenConnect(r + 1), awakeCpu));
            hashRuns.Add(await HashVerifications(ctx.StormUsers));
            loginRuns.Add(await Storm(messenger, ctx.StormUsers, async i =>
            {
                using var http = Clients.Http(messenger.Address);
                var (_, token) = await Clients.Login(http, users[i].Username);
                return await ConnectOnline(messenger, token);
            }));
        }

        await HoldForProfiler("bare", bare, reconnecting, bareConnect);
        // Held storms reconnect the last measured storm's users, who are awake by then: warm connects alone.
        await HoldForProfiler("messenger", messenger, reconnecting, TokenConnect(storms - 1));

        // The issue's idle target: after the storms, with no traffic at all, how much of a core each server uses.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (messengerCpu, bareCpu) = (messenger.CpuTime(), bare.CpuTime());
        await Task.Delay(ctx.IdleWindow);
        var idle = string.Create(CultureInfo.InvariantCulture,
            $"; idle after the storms (no connections, {ctx.IdleWindow.TotalSeconds:0} s): the messenger used {(messenger.CpuTime() - messengerCpu) / ctx.IdleWindow:P1} of a core, the bare hub {(bare.CpuTime() - bareCpu) / ctx.IdleWindow:P1} (target < 2 %)");
        return
        [
            Report.Compare("S4a", $"reconnect storm after a restart: connect + presence with a token already held ({reconnecting} users asleep, {Parallelism} at a time)", "users/s", tokenRuns, bareRuns, "bare connects", "≥ 0.80", (_, ratio) => ratio >= 0.8,
                "the storm after a restart: each connection waits for online_users, which the server sends once presence is recorded; each storm's users are asleep (none woken before), after one untimed storm per server"
                + string.Create(CultureInfo.InvariantCulture, $"; the same users again at once, awake (a Wi-Fi drop): {Report.Median(awakeRuns):0} users/s, {Report.Median(awakeRuns) / Report.Median(bareRuns):0.00} of bare connects, {Report.Median(awakeCpu):0} µs of server CPU per connect (runs {string.Join(", ", awakeRuns.Select(c => c.ToString("0", CultureInfo.InvariantCulture)))})")
                + string.Create(CultureInfo.InvariantCulture, $"; server CPU per connect (median of the storms, a loaded machine moves it less than users/s): {Report.Median(tokenCpu):0} µs against the bare hub's {Report.Median(bareCpuRuns):0} µs (runs {string.Join(", ", tokenCpu.Select(c => c.ToString("0", CultureInfo.InvariantCulture)))} / {string.Join(", ", bareCpuRuns.Select(c => c.ToString("0", CultureInfo.InvariantCulture)))})")),
            Report.Compare("S4b", $"log in + connect + presence ({ctx.StormUsers} users, {Parallelism} at a time)", "users/s", loginRuns, hashRuns, "password-hash verifications alone", "— (the hash is deliberate)", (_, _) => true,
                "baseline: the same number of verifications of the server's password hash (ASP.NET Core Identity v3, PBKDF2, 100,000 iterations) in the bench process on all cores, the server idle; a ratio near 1 means the login costs little beside its hash" + idle) with { Met = null },
        ];
    }

    /// <summary>How many password verifications per second this machine does, as the server's login does them.</summary>
    private static Task<double> HashVerifications(int count)
    {
        var hashing = new ActorMessenger.Gateway.Auth.PasswordHashing();
        var hash = hashing.Hash(Clients.Password);
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, _ => hashing.Verify(hash, Clients.Password));
        return Task.FromResult(count / Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Connects and waits for <c>online_users</c>, which the server sends once presence is recorded.</summary>
    private static async Task<HubConnection> ConnectOnline(ServerProcess messenger, string token)
    {
        var c = Clients.Messenger(messenger.Address, token);
        var online = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = c.On<JsonElement>("online_users", __ => online.TrySetResult());
        await Clients.StartAsync(c);
        await online.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return c;
    }

    /// <summary>
    /// <c>BENCH_S4_PROFILE=seconds</c>: after the measured (cold) storms, the server gets reconnect storm after storm for that
    /// long, so that a profiler attached to the printed process id sees warm connects alone (a measured storm lasts under a second).
    /// </summary>
    private static async Task HoldForProfiler(string name, ServerProcess server, int count, Func<int, Task<HubConnection>> connect)
    {
        if (!double.TryParse(Environment.GetEnvironmentVariable("BENCH_S4_PROFILE"), CultureInfo.InvariantCulture, out var seconds))
        {
            return;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    profile now: {name} pid {server.Pid} storming for {seconds:0} s"));
        var started = Stopwatch.GetTimestamp();
        var rates = new List<double>();
        var cpu = new List<double>();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            rates.Add(await Storm(server, count, connect, cpu));
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    profile done: {name}, {rates.Count} storms, median {Report.Median(rates):0} users/s, {Report.Median(cpu):0} µs of server CPU per connect"));
    }

    /// <summary>Connects them all; the rate of connects, and the server's CPU time per connect into <paramref name="cpuMicros"/>.</summary>
    private static async Task<double> Storm(ServerProcess server, int count, Func<int, Task<HubConnection>> connect, List<double>? cpuMicros = null)
    {
        var cpuBefore = server.CpuTime();
        var started = Stopwatch.GetTimestamp();
        var connections = await Clients.Many(count, Parallelism, connect);
        var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        cpuMicros?.Add((server.CpuTime() - cpuBefore).TotalMicroseconds / count);
        await Clients.DisposeAll(connections);
        await Task.Delay(500);
        return rate;
    }
}
