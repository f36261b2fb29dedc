using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>S4: many users logging in, connecting and coming online at once, beside bare connects.</summary>
public static class ConnectStorm
{
    private const int Parallelism = 32;

    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var dataDir = BenchContext.TempDir();
        await using var bare = await ServerProcess.StartBareHub();
        await using var messenger = await ServerProcess.StartMessenger(dataDir);
        var users = await Clients.Register(messenger.Address, ctx.StormUsers, "storm");

        var runs = new List<double>();
        var bareRuns = new List<double>();
        var tokenRuns = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(await Storm(ctx.StormUsers, async _ =>
            {
                var c = Clients.Bare(bare.Address);
                await Clients.StartAsync(c);
                return c;
            }));
            runs.Add(await Storm(ctx.StormUsers, async i =>
            {
                using var http = Clients.Http(messenger.Address);
                var (_, token) = await Clients.Login(http, users[i].Username);
                return await ConnectOnline(messenger, token);
            }));
            // The registration's own session: its token is already held, as a returning client's is.
            tokenRuns.Add(await Storm(ctx.StormUsers, i => ConnectOnline(messenger, users[i].Token)));
        }

        var baseline = Report.Median(bareRuns);
        return
        [
            Report.Compare("S4", $"connect storm: log in + connect + presence ({ctx.StormUsers} users, {Parallelism} at a time)", "users/s", runs, bareRuns, "bare connects", "≥ 0.50", (_, ratio) => ratio >= 0.5,
                string.Create(CultureInfo.InvariantCulture, $"without the login (a token already held): {Report.Median(tokenRuns):0} users/s = {Report.Median(tokenRuns) / baseline:0.00} of bare; login verifies a PBKDF2 hash (ASP.NET Core Identity v3, 100,000 iterations) by design")),
        ];
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

    private static async Task<double> Storm(int count, Func<int, Task<HubConnection>> connect)
    {
        var started = Stopwatch.GetTimestamp();
        var connections = await Clients.Many(count, Parallelism, connect);
        var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Clients.DisposeAll(connections);
        await Task.Delay(500);
        return rate;
    }
}
