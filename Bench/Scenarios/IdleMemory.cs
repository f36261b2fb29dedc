using System.Globalization;
using System.Net.Http.Json;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>S3: server memory per idle, connected, logged-in user, beside a bare hub holding the same connections.</summary>
public static class IdleMemory
{
    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var dataDir = BenchContext.TempDir();
        await using var bare = await ServerProcess.StartBareHub();
        await using var messenger = await ServerProcess.StartMessenger(dataDir);
        var mint = await Clients.Minter(dataDir, [.. Enumerable.Range(2_000_000, 20), .. Enumerable.Range(1_000_000, ctx.Repeats * ctx.IdleUsers)]);
        using var bareAdmin = Clients.Http(bare.Address);
        using var messengerAdmin = Clients.Http(messenger.Address, await Clients.AdminToken(dataDir));

        // Warm both servers' code paths first, so JIT and pools are not counted.
        await Clients.DisposeAll(await Connect(bare, 20, null, 2_000_000));
        await Clients.DisposeAll(await Connect(messenger, 20, mint, 2_000_000));

        var runs = new List<double>();
        var bareRuns = new List<double>();
        var rssRuns = new List<double>();
        var bareRssRuns = new List<double>();
        for (var r = 0; r < ctx.Repeats; r++)
        {
            var (bareHeap, bareRss) = await PerConnection(bare, bareAdmin, ctx.IdleUsers, null, 1_000_000);
            bareRuns.Add(bareHeap);
            bareRssRuns.Add(bareRss);

            // New users each round: a returning user's entity may still be in memory from the last one.
            var (heap, rss) = await PerConnection(messenger, messengerAdmin, ctx.IdleUsers, mint, 1_000_000 + (r * ctx.IdleUsers));
            runs.Add(heap);
            rssRuns.Add(rss);
        }

        return
        [
            Report.Compare("S3", $"memory per idle connected user ({ctx.IdleUsers} connections)", "KiB", runs, bareRuns, "bare hub", "≤ 1.3×", (_, ratio) => ratio <= 1.3,
                string.Create(CultureInfo.InvariantCulture, $"growth of the server's managed heap after a full collection, from before to all connected, divided by the connections; resident memory (VmRSS) grew {Report.Median(rssRuns):0.#} KiB per connection for the messenger, {Report.Median(bareRssRuns):0.#} for the bare hub")),
        ];
    }

    /// <summary>Managed heap and resident memory growth per connection, in KiB.</summary>
    private static async Task<(double Heap, double Rss)> PerConnection(ServerProcess server, HttpClient admin, int count, Func<int, string>? mint, int firstId)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (heapBefore, rssBefore) = (await HeapAfterCollection(admin), server.ResidentBytes());
        var connections = await Connect(server, count, mint, firstId);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (heapAfter, rssAfter) = (await HeapAfterCollection(admin), server.ResidentBytes());
        await Clients.DisposeAll(connections);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {(mint is null ? "bare" : "messenger")}: heap {heapBefore / 1048576.0:0.0} → {heapAfter / 1048576.0:0.0} MiB, RSS {rssBefore / 1048576.0:0.0} → {rssAfter / 1048576.0:0.0} MiB"));
        return ((heapAfter - heapBefore) / 1024.0 / count, (rssAfter - rssBefore) / 1024.0 / count);
    }

    private static async Task<long> HeapAfterCollection(HttpClient admin)
    {
        var response = await admin.PostAsync(new Uri("/admin/server/memory", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("managedBytes").GetInt64();
    }

    private static Task<List<Microsoft.AspNetCore.SignalR.Client.HubConnection>> Connect(ServerProcess server, int count, Func<int, string>? mint, int firstId) =>
        Clients.Many(count, 32, async i =>
        {
            var c = mint is null ? Clients.Bare(server.Address) : Clients.Messenger(server.Address, mint(firstId + i));
            await Clients.StartAsync(c);
            return c;
        });
}
