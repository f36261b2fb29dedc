using System.Collections.Concurrent;
using ActorMessenger.Admin.Members;
using Akka.Actor;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The web origins of the cluster's nodes: every URL a node has said it serves on since this one
/// started (a dead node's page must still reach the live ones), and this node's own. Only these may
/// call the API from another origin (CORS) and be reached by this node's pages (CSP), so a client can
/// move to another node when its own dies.
/// </summary>
public sealed class ClusterOrigins(IServiceProvider services, INodeControl node) : IDisposable
{
    /// <summary>An origin not known yet makes the nodes be asked again, at most this often.</summary>
    public static readonly TimeSpan RefreshAtMost = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;

    /// <summary>Every origin known now, this node's own included.</summary>
    public IReadOnlyCollection<string> Known
    {
        get
        {
            foreach (var url in node.Urls())
            {
                Remember(url);
            }

            return _known.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The URLs a client may use now (see <see cref="ClusterQuery.LiveUrls"/>), remembered as origins too.</summary>
    public async Task<IReadOnlyList<string>> LiveUrls(CancellationToken ct)
    {
        var (state, _, nodes) = await ClusterQuery.Gather(services.GetRequiredService<ActorSystem>(), ct).ConfigureAwait(false);
        foreach (var url in nodes.SelectMany(n => n.Urls))
        {
            Remember(url);
        }

        _refreshedAt = DateTimeOffset.UtcNow;
        return ClusterQuery.LiveUrls(state, nodes);
    }

    public async Task<bool> Allows(string origin, CancellationToken ct)
    {
        if (Normalized(origin) is not { } wanted)
        {
            return false;
        }

        if (Known.Contains(wanted, StringComparer.Ordinal))
        {
            return true;
        }

        await _refreshing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (DateTimeOffset.UtcNow - _refreshedAt >= RefreshAtMost)
            {
                await LiveUrls(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _refreshing.Release();
        }

        return _known.ContainsKey(wanted);
    }

    public void Dispose() => _refreshing.Dispose();

    /// <summary><c>scheme://host[:port]</c> as a browser sends it in <c>Origin</c> (no default port, lower case), or null.</summary>
    public static string? Normalized(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;

    private void Remember(string url)
    {
        if (Normalized(url) is { } origin)
        {
            _known.TryAdd(origin, 0);
        }
    }
}
