using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// This node's open hub connections and the hub calls running on them, kept so that a graceful stop
/// can refuse new calls, wait for the ones in flight (their messages are stored and acknowledged) and
/// then close every connection in a way clients reconnect from.
/// </summary>
public sealed class HubActivity
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);
    private int _callsInFlight;
    private volatile bool _draining;

    public int Connections => _connections.Count;

    public int CallsInFlight => Volatile.Read(ref _callsInFlight);

    /// <summary>Set once a stop begins; new calls and connections are refused from then on.</summary>
    public bool Draining => _draining;

    public void BeginDraining() => _draining = true;

    internal void Opened(HubCallerContext context) => _connections[context.ConnectionId] = context;

    internal void Closed(string connectionId) => _connections.TryRemove(connectionId, out _);

    internal void CallStarted() => Interlocked.Increment(ref _callsInFlight);

    internal void CallEnded() => Interlocked.Decrement(ref _callsInFlight);

    /// <summary>
    /// Closes every connection asking the client to reconnect: SignalR's close message then carries
    /// <c>allowReconnect</c>, which its clients with automatic reconnect act on. Returns how many.
    /// </summary>
    public int CloseAll()
    {
        var closed = 0;
        foreach (var (_, context) in _connections)
        {
            if (context.Features.Get<IConnectionLifetimeNotificationFeature>() is { } lifetime)
            {
                lifetime.RequestClose();
            }
            else
            {
                context.Abort();
            }

            closed++;
        }

        return closed;
    }

    /// <summary>Waits until <paramref name="done"/> holds or the deadline passes; true if it holds.</summary>
    public static async Task<bool> Until(Func<bool> done, TimeSpan within, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + within;
        while (!done())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
