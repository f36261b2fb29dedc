using System.Collections.Concurrent;
using ActorMessenger.Actors;
using ActorMessenger.Admin.Members;
using ActorMessenger.Gateway.Cluster;
using ActorMessenger.Persistence;
using Akka.Actor;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The web origins of the cluster's nodes: on a shared database, every origin any node has recorded
/// there (see <see cref="IClusterStore.ShareOriginsAsync"/>), so a node that starts after another died,
/// or restarts, still knows the dead node's origin (its pages must reach the live ones); also the URLs the
/// live nodes answer, and this node's own. Only these may call the API from another origin (CORS) and be
/// reached by this node's pages (CSP), so a client can move to another node when its own dies.
/// </summary>
public sealed class ClusterOrigins(IServiceProvider services, INodeControl node, IStorageBackend storage, ClusterNode cluster) : IDisposable
{
    /// <summary>An origin not known yet makes the shared store (or the nodes) be asked again, at most this often.</summary>
    public static readonly TimeSpan RefreshAtMost = TimeSpan.FromSeconds(5);

    /// <summary>An origin no node has served on for this long (a machine renamed or retired) is dropped from the store.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(30);

    /// <summary>How long a CORS check waits for the shared store before refusing an unknown origin.</summary>
    private static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(3);

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

    /// <summary>
    /// Records this node's origins in the shared store and learns every node's; false without a shared store.
    /// Throws what the store throws while the database is away.
    /// </summary>
    public async Task<bool> Share(CancellationToken ct)
    {
        if (storage.ClusterStore is not { } store || !cluster.Topology.Shared || cluster.Address is not { } address)
        {
            return false;
        }

        var own = node.Urls().Select(Normalized).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var origin in await store.ShareOriginsAsync(address, own, ForgetAfter, ct).ConfigureAwait(false))
        {
            Remember(origin);
        }

        _refreshedAt = DateTimeOffset.UtcNow;
        return true;
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
                await Refresh(ct).ConfigureAwait(false);
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

    private async Task Refresh(CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(StoreWait);
        try
        {
            if (!await Share(wait.Token).ConfigureAwait(false))
            {
                await LiveUrls(wait.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is OperationCanceledException or MessengerException or System.Data.Common.DbException or IOException)
        {
            // The database is away: an origin not known yet is refused for now, nothing else fails.
            _refreshedAt = DateTimeOffset.UtcNow;
        }
    }

    private void Remember(string url)
    {
        if (Normalized(url) is { } origin)
        {
            _known.TryAdd(origin, 0);
        }
    }
}
