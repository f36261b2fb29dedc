using System.Globalization;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>S3: server memory per idle, connected, logged-in user, beside a bare hub holding the same connections.</summary>
public static class IdleMemory
{
    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var runs = new List<double>();
        var bareRuns = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            bareRuns.Add(await PerConnection(ctx.IdleUsers, messenger: false));
            runs.Add(await PerConnection(ctx.IdleUsers, messenger: true));
        }

        var value = Report.Median(runs);
        var baseline = Report.Median(bareRuns);
        return
        [
            new ScenarioResult("S3", $"memory per idle connected user ({ctx.IdleUsers} connections)", value, "KiB", baseline, "bare hub", value / baseline, "≤ 1.3×", value / baseline <= 1.3, runs, bareRuns,
                "growth of the server's resident memory (VmRSS) from idle to all connected, after 3 s to settle, divided by the connections"),
        ];
    }

    private static async Task<double> PerConnection(int count, bool messenger)
    {
        var dataDir = BenchContext.TempDir();
        await using var server = messenger ? await ServerProcess.StartMessenger(dataDir) : await ServerProcess.StartBareHub();
        var mint = messenger ? Clients.Minter(dataDir) : null;

        // Warm the server's code paths with a few connections first, so JIT and pools are not counted.
        var warm = await Connect(server, 20, mint, 2_000_000);
        await Clients.DisposeAll(warm);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = server.ResidentBytes();

        var connections = await Connect(server, count, mint, 1_000_000);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = server.ResidentBytes();
        await Clients.DisposeAll(connections);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {(messenger ? "messenger" : "bare")}: {before / 1048576.0:0.0} → {after / 1048576.0:0.0} MiB"));
        return (after - before) / 1024.0 / count;
    }

    private static Task<List<Microsoft.AspNetCore.SignalR.Client.HubConnection>> Connect(ServerProcess server, int count, Func<int, string>? mint, int firstId) =>
        Clients.Many(count, 32, async i =>
        {
            var c = mint is null ? Clients.Bare(server.Address) : Clients.Messenger(server.Address, mint(firstId + i));
            await Clients.StartAsync(c);
            return c;
        });
}
