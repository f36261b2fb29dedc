using System.Globalization;
using System.Text.RegularExpressions;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Cluster;

/// <summary>
/// Server processes on loopback sharing one PostgreSQL database, each with its own web port, cluster port
/// and data directory; what their logs say about the cluster; all killed and removed at the end.
/// </summary>
public sealed partial class ClusterNodes(string database) : IAsyncDisposable
{
    private readonly List<GatewayProcess> _started = [];
    private readonly List<TempDirectory> _data = [];
    private readonly Dictionary<GatewayProcess, Launch> _launches = [];

    /// <summary>The cluster port of each node started, by its process.</summary>
    public Dictionary<GatewayProcess, int> ClusterPorts { get; } = [];

    public static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    /// <summary>The arguments of a node: the shared database, its cluster port, cluster lines in its log.</summary>
    public static string[] Arguments(string database, int clusterPort, params string[] extra) =>
    [
        "--db", database, "--cluster-port", clusterPort.ToString(CultureInfo.InvariantCulture),
        "--Logging:LogLevel:ActorMessenger.Gateway.Cluster", "Information", .. TraceArguments, .. extra,
    ];

    /// <summary>
    /// <c>CLUSTER_TRACE=&lt;folder&gt;</c>: every node logs Akka at INFO and its output, each line with the
    /// moment it arrived, is written there at the end (to follow a failover step by step; docs/operations.md).
    /// </summary>
    private static string? TraceFolder => Environment.GetEnvironmentVariable("CLUSTER_TRACE") is { Length: > 0 } folder ? folder : null;

    private static string[] TraceArguments =>
        TraceFolder is null ? [] : ["--Hocon:akka:loglevel", "INFO"];

    public Task<GatewayProcess> Start(params string[] extra) =>
        Launched(port => new Launch("dotnet", [GatewayProcess.GatewayDll], database, "127.0.0.1", port, GatewayProcess.FreePort(), new TempDirectory(), extra));

    /// <summary>
    /// A node on another machine: inside <paramref name="network"/>, its web port on the namespace's service
    /// address, its cluster port on its cluster address, the database through <paramref name="databaseThere"/>.
    /// </summary>
    public Task<GatewayProcess> StartIn(NetworkNamespace network, string databaseThere, params string[] extra) =>
        Launched(port => new Launch(
            "ip",
            network.Exec("dotnet", GatewayProcess.GatewayDll),
            databaseThere,
            network.ServiceAddress,
            port,
            GatewayProcess.FreePort(),
            new TempDirectory(),
            ["--host", network.ServiceAddress, "--allow-demo-passwords", "--Messenger:Cluster:Host", network.ClusterAddress, .. extra]));

    /// <summary>
    /// Starts an exited node again with the same command, ports and data, as its service manager does, and
    /// returns at once: a node that cannot join yet does not answer until it has.
    /// </summary>
    public GatewayProcess Restart(GatewayProcess exited)
    {
        Launch launch;
        lock (_started)
        {
            launch = _launches[exited];
        }

        return Launched(launch);
    }

    private async Task<GatewayProcess> Launched(Func<int, Launch> plan)
    {
        var node = Launched(plan(GatewayProcess.FreePort()));
        try
        {
            await node.WaitUntilHealthy(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    private GatewayProcess Launched(Launch launch)
    {
        var node = GatewayProcess.Launch(
            launch.FileName,
            [.. launch.Command, .. GatewayProcess.ServerArguments(launch.Port, launch.Data.Path, Arguments(launch.Database, launch.ClusterPort, launch.Extra))],
            launch.Port,
            new Dictionary<string, string>(),
            host: launch.Host);
        lock (_started)
        {
            _started.Add(node);
            if (!_data.Contains(launch.Data))
            {
                _data.Add(launch.Data);
            }

            _launches[node] = launch;
            ClusterPorts[node] = launch.ClusterPort;
        }

        return node;
    }

    /// <summary>Starts <paramref name="count"/> nodes at the same moment.</summary>
    private async Task<GatewayProcess[]> StartAtOnce(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Start()));

    /// <summary>Starts <paramref name="count"/> nodes at once and waits until each counts them all as members.</summary>
    public async Task<GatewayProcess[]> StartFormed(int count)
    {
        var started = await StartAtOnce(count);
        foreach (var node in started)
        {
            await WaitForMembers(node, count);
        }

        return started;
    }

    /// <summary>The node that formed the cluster (the others joined it): the oldest.</summary>
    public static GatewayProcess Oldest(IEnumerable<GatewayProcess> started) =>
        started.Single(n => n.Output.Contains("forms the cluster", StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="node"/>'s log says the cluster has <paramref name="members"/> members.</summary>
    public static Task WaitForMembers(GatewayProcess node, int members) =>
        Poll.Until(() => LastMemberCount(node.Output) == members, () => $"Expected {members} members. Output:\n{node.Output}", Within);

    /// <summary>The member count of the node's last cluster line, or 0 before any.</summary>
    public static int LastMemberCount(string output)
    {
        var counts = MembersLine().Matches(output);
        return counts.Count == 0 ? 0 : int.Parse(counts[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Logs in, asking again while the node answers 503 <c>unavailable</c>, as a client does: just after the
    /// cluster formed, the first question may wait for the shard coordinators to start on the oldest node.
    /// </summary>
    public static async Task<(int UserId, string Token)> Login(GatewayProcess node, string username, string password)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            try
            {
                return await MessengerClient.LoginAsync(node.Address, username, password);
            }
            catch (HttpRequestException unavailable) when (unavailable.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Awaits <paramref name="work"/>; if it times out, fails with every node's log.</summary>
    public static async Task<T> Explained<T>(Task<T> work, IEnumerable<GatewayProcess> nodes)
    {
        try
        {
            return await work;
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(timeout.Message + string.Concat(nodes.Select((n, i) => $"\n--- node {i}:\n{n.Output}")), timeout);
        }
    }

    /// <summary>Awaits <paramref name="work"/>; if it fails, fails with every node's log.</summary>
    public static async Task Explained(Task work, IEnumerable<GatewayProcess> nodes)
    {
        try
        {
            await work;
        }
        catch (Exception failed) when (failed is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new TimeoutException(failed.Message + string.Concat(nodes.Select((n, i) => $"\n--- node {i}:\n{n.Output}")), failed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _started)
        {
            await process.DisposeAsync();
        }

        if (TraceFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            var stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
            for (var i = 0; i < _started.Count; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"{stamp}-node{i}-port{ClusterPorts[_started[i]]}.log"), _started[i].TimedOutput);
            }
        }

        foreach (var data in _data)
        {
            data.Dispose();
        }
    }

    private sealed record Launch(string FileName, string[] Command, string Database, string Host, int Port, int ClusterPort, TempDirectory Data, string[] Extra);

    [GeneratedRegex(@"Cluster: member (?:up|removed) .*; members: (\d+)\.")]
    private static partial Regex MembersLine();
}
