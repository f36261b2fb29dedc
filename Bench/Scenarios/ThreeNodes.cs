using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>
/// S1-3n's servers: three messenger nodes that form one cluster in an empty PostgreSQL database of their
/// own (found through it, as on a LAN), each with its own data directory and cluster port.
/// </summary>
public sealed class ThreeNodes : IAsyncDisposable
{
    private const int Count = 3;

    private ThreeNodes(List<ServerProcess> nodes, List<HttpClient> diagnostics)
    {
        Nodes = nodes;
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<ServerProcess> Nodes { get; }

    /// <summary>An admin client per node, for its allocation counter.</summary>
    public IReadOnlyList<HttpClient> Diagnostics { get; }

    public static async Task<ThreeNodes> Start(string database)
    {
        var nodes = new List<ServerProcess>();
        var diagnostics = new List<HttpClient>();
        var cluster = new ThreeNodes(nodes, diagnostics);
        try
        {
            for (var i = 0; i < Count; i++)
            {
                var dataDir = BenchContext.TempDir();
                nodes.Add(await ServerProcess.StartMessenger(dataDir, "--db", database, "--cluster-port", ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture)));
                diagnostics.Add(Clients.Http(nodes[^1].Address, await Clients.AdminToken(dataDir, database)));
            }

            await cluster.AllUp();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task AllUp()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var up = 0;
        while (DateTime.UtcNow < deadline)
        {
            var view = await Diagnostics[0].GetFromJsonAsync<JsonElement>(new Uri("/admin/cluster", UriKind.Relative));
            up = view.GetProperty("up").GetInt32();
            if (up == Count)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new InvalidOperationException($"the three nodes did not form one cluster within 2 minutes ({up} up)");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Diagnostics)
        {
            client.Dispose();
        }

        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
