using System.Text.RegularExpressions;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The addresses browsers reach a node on directly, for the cluster view and a client's failover:
/// <c>Messenger:PublicUrls</c> when given, else what the node listens on with a wildcard host
/// (0.0.0.0, [::], *, +) replaced by the host the other nodes reach it on.
/// </summary>
public static partial class NodeUrls
{
    public static IReadOnlyList<string> For(IReadOnlyList<string> configured, IEnumerable<string> listening, string clusterHost, string machineName)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(listening);
        if (configured.Count > 0)
        {
            return configured.Select(u => u.TrimEnd('/')).ToList();
        }

        var host = IsWildcard(clusterHost) ? machineName : clusterHost;
        return listening
            .Select(url => UrlShape().Match(url.Trim()))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups["scheme"].Value.ToLowerInvariant()}://{(IsWildcard(m.Groups["host"].Value) ? Bracketed(host) : m.Groups["host"].Value)}:{m.Groups["port"].Value}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "::" or "*" or "+" or "";

    private static string Bracketed(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/]*):(?<port>\d+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex UrlShape();
}
