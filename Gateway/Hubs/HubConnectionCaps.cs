using System.Collections.Concurrent;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// Hub connections per user on this node, capped at <c>Connections:HubConnectionsPerUser</c>: one
/// account cannot hold thousands of connections (each is memory and a descriptor). Checked when a
/// connection is asked for (a 429 with a code) and again when it opens (closed at once if a race let
/// too many through).
/// </summary>
public sealed class HubConnectionCaps(int perUser)
{
    private readonly ConcurrentDictionary<int, int> _open = new();

    // Connections refused when they opened (rare): their close must not count down. Kept here rather
    // than as a flag in each connection's Items, which SignalR makes only when first used (a
    // concurrent dictionary for every connection).
    private readonly ConcurrentDictionary<string, byte> _refused = new(StringComparer.Ordinal);

    public bool IsFull(int userId) => perUser > 0 && _open.TryGetValue(userId, out var n) && n >= perUser;

    /// <summary>Counts an opened connection; false if it is one too many (it is not counted then).</summary>
    public bool TryOpen(int userId, string connectionId)
    {
        var open = _open.AddOrUpdate(userId, 1, static (_, n) => n + 1);
        if (perUser <= 0 || open <= perUser)
        {
            return true;
        }

        _refused[connectionId] = 0;
        CountDown(userId);
        return false;
    }

    /// <summary>A connection closed: counted down unless it was refused when it opened.</summary>
    public void Close(int userId, string connectionId)
    {
        if (!_refused.TryRemove(connectionId, out _))
        {
            CountDown(userId);
        }
    }

    private void CountDown(int userId)
    {
        while (_open.TryGetValue(userId, out var n))
        {
            if (n <= 1 ? _open.TryRemove(new KeyValuePair<int, int>(userId, n)) : _open.TryUpdate(userId, n - 1, n))
            {
                return;
            }
        }
    }
}

/// <summary>The HTTP side of <see cref="HubConnectionCaps"/>: a user at the cap asking for another hub connection gets a 429.</summary>
public static class HubConnectionCapsWiring
{
    public static IApplicationBuilder UseHubConnectionCaps(this IApplicationBuilder app)
    {
        // Taken once, not from each request's services (a request scope that a hub socket would keep).
        var caps = app.ApplicationServices.GetRequiredService<HubConnectionCaps>();
        return app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/hub")
                && Auth.MessengerClaims.TryUserIdOf(http.User, out var userId)
                && caps.IsFull(userId))
            {
                return Api.ApiErrors.WriteRateLimited(
                    http.Response, "Too many open connections for this account; close one first.", TimeSpan.FromSeconds(10), Actors.Protocol.ErrorCodes.TooManyConnections);
            }

            return next(http);
        });
    }
}
