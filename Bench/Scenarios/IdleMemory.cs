using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>
/// S3: server memory per idle, connected, logged-in user, beside a bare hub holding the same
/// connections. Each round starts both servers afresh (no warm-up: what a server that has just
/// started costs), connects the users, lets them idle, and reads the growth.
/// </summary>
public static class IdleMemory
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    public static async Task<List<ScenarioResult>> Run(BenchContext ctx)
    {
        var dataDir = BenchContext.TempDir();
        var users = ctx.IdleUsers;
        Func<int, string> mint;
        string adminToken;

        // The first start makes the data directory (schema, signing key); the sessions of every
        // round's users go into it, for ids no round's server has woken yet.
        await using (var first = await ServerProcess.StartMessenger(dataDir))
        {
            mint = await Clients.Minter(dataDir, Enumerable.Range(1_000_000, ctx.IdleRounds * users));
            adminToken = await Clients.AdminToken(dataDir);
        }

        var heap = new List<double>();
        var bareHeap = new List<double>();
        var rss = new List<double>();
        var bareRss = new List<double>();
        for (var r = 0; r < ctx.IdleRounds; r++)
        {
            var servers = await ServerProcess.StartSideBySide(dataDir);
            await using var bare = servers.Bare;
            await using var messenger = servers.Messenger;
            using var bareAdmin = Clients.Http(bare.Address);
            using var messengerAdmin = Clients.Http(messenger.Address, adminToken);
            var firstId = 1_000_000 + (r * users);

            // Both servers at once: memory is read per process, and the round takes half the time.
            var growth = await Task.WhenAll(
                PerConnection(bare, bareAdmin, users, () => Clients.Bare(bare.Address)),
                PerConnection(messenger, messengerAdmin, users, i => Clients.Messenger(messenger.Address, mint(firstId + i))));
            bareHeap.Add(growth[0].Heap);
            bareRss.Add(growth[0].Rss);
            heap.Add(growth[1].Heap);
            rss.Add(growth[1].Rss);
        }

        return
        [
            Report.Compare("S3", $"memory per idle connected user ({users} connections, {Idle.TotalSeconds:0} s idle, freshly started servers)", "KiB", heap, bareHeap, "bare hub", "≤ 1.3×, VmRSS ≤ 44 KiB",
                (_, ratio) => ratio <= 1.3 && Report.Median(rss) <= 44,
                string.Create(CultureInfo.InvariantCulture,
                    $"managed heap after a full collection, growth from before the users to after their idle time, per connection; resident memory (VmRSS) grew {Report.Median(rss):0.#} KiB per connection for the messenger ({string.Join(", ", rss.Select(v => v.ToString("0.#", CultureInfo.InvariantCulture)))}), {Report.Median(bareRss):0.#} for the bare hub (target ≤ 44 KiB, Prosody's); tokens are minted as a login issues them (their sessions stored beforehand), so the password hash is not in it"))
            with { ResidentKiB = Report.Median(rss), BaselineResidentKiB = Report.Median(bareRss) },
        ];
    }

    private static Task<(double Heap, double Rss)> PerConnection(ServerProcess server, HttpClient admin, int count, Func<HubConnection> make) =>
        PerConnection(server, admin, count, _ => make());

    /// <summary>
    /// Growth per connection, in KiB: of the managed heap after a full collection, and of resident
    /// memory as the OS sees it (read before that collection, so garbage the users left counts).
    /// </summary>
    private static async Task<(double Heap, double Rss)> PerConnection(ServerProcess server, HttpClient admin, int count, Func<int, HubConnection> make)
    {
        var heapBefore = await HeapAfterCollection(admin);
        await Hold(server, 0);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var rssBefore = server.ResidentBytes();
        var connections = await Clients.Many(count, 32, async i =>
        {
            var c = make(i);
            await Clients.StartAsync(c);
            return c;
        });
        await Task.Delay(Idle);
        var rssAfter = server.ResidentBytes();
        var heapAfter = await HeapAfterCollection(admin);
        await Hold(server, count);

        await Clients.DisposeAll(connections);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {server.Pid}: heap {heapBefore / 1048576.0:0.0} → {heapAfter / 1048576.0:0.0} MiB, RSS {rssBefore / 1048576.0:0.0} → {rssAfter / 1048576.0:0.0} MiB"));
        return ((heapAfter - heapBefore) / 1024.0 / count, (rssAfter - rssBefore) / 1024.0 / count);
    }

    /// <summary>For heap dumps of both servers before their users come and while they hold them (dotnet-gcdump collect -p PID).</summary>
    private static async Task Hold(ServerProcess server, int connections)
    {
        if (Environment.GetEnvironmentVariable("BENCH_S3_HOLD") is { } hold)
        {
            Console.Error.WriteLine($"    {server.Pid} holding {connections} connections for {hold} s");
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, CultureInfo.InvariantCulture)));
        }
    }

    private static async Task<long> HeapAfterCollection(HttpClient admin)
    {
        var response = await admin.PostAsync(new Uri("/admin/server/memory", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("managedBytes").GetInt64();
    }
}
