using System.Globalization;
using System.Net;

namespace ActorMessenger.Gateway.Cluster;

/// <summary>
/// Where this node's cluster port listens, the address other nodes reach it on, whom it joins and whether
/// it talks TLS: decided once at start from the settings. With a store only one node can use (SQLite)
/// the node is a cluster of one on loopback; with a shared database it listens for the other nodes.
/// </summary>
public sealed record ClusterTopology(string BindHost, string PublicHost, int Port, IReadOnlyList<DnsEndPoint> Seeds, bool Shared)
{
    /// <summary>The cluster port of a node on a shared database unless <c>--cluster-port</c> says otherwise.</summary>
    public const int DefaultSharedPort = 4053;

    /// <param name="settings">The <c>Messenger:Cluster</c> section.</param>
    /// <param name="listenHost">The web server's <c>--host</c>: a node open to the LAN opens its cluster port to the LAN too.</param>
    /// <param name="sharedStore">Whether the storage is a database other nodes can share.</param>
    /// <param name="lan">This machine's LAN addresses, for the address to publish when listening on all of them.</param>
    public static ClusterTopology From(ClusterSettings settings, string listenHost, bool sharedStore, Func<IEnumerable<IPAddress>> lan)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(lan);
        var seeds = settings.Seeds.Select(ParseSeed).ToList();
        if (!sharedStore)
        {
            if (seeds.Count > 0)
            {
                throw new ClusterSettingsException("--seed needs a shared database: start every node with the same --db \"Host=…;Database=…\" (SQLite files serve one machine only).");
            }

            // A cluster of one: its port stays on loopback, where nothing else can reach it.
            return new ClusterTopology("127.0.0.1", "127.0.0.1", settings.Port, [], Shared: false);
        }

        var port = settings.Port > 0 ? settings.Port : DefaultSharedPort;
        var bind = settings.Host is { Length: > 0 } host ? host : BindFor(listenHost);
        var published = settings.PublicHost is { Length: > 0 } given
            ? given
            : IsWildcard(bind) ? lan().FirstOrDefault(a => !IPAddress.IsLoopback(a))?.ToString() ?? "127.0.0.1" : bind;
        return new ClusterTopology(bind, published, port, seeds, Shared: true);
    }

    private static string BindFor(string listenHost) =>
        IsWildcard(listenHost) ? "0.0.0.0" : IPAddress.TryParse(listenHost, out var ip) && IPAddress.IsLoopback(ip) ? "127.0.0.1" : listenHost;

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "*" or "+" or "::" or "[::]";

    /// <summary><c>HOST:PORT</c> (an IPv6 address in brackets).</summary>
    public static DnsEndPoint ParseSeed(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ClusterSettingsException($"--seed \"{seed}\" is not HOST:PORT (e.g. --seed 192.168.1.10:{DefaultSharedPort}).");
        }

        return new DnsEndPoint(seed[..colon].Trim('[', ']'), port);
    }
}

/// <summary>Cluster settings that cannot work together; the start is refused with this sentence.</summary>
public sealed class ClusterSettingsException(string message) : Exception(message);
