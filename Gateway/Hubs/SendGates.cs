using System.Collections.Concurrent;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// One gate per connection that has sent something, keeping that connection's sends in order (see
/// <c>MessengerHub.InOrder</c>). Made on the first send and dropped when the connection closes, so
/// a connection that only listens costs nothing here.
/// </summary>
public sealed class SendGates
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <param name="connectionAborted">Also drops the gate: a send racing the close cannot leave one behind.</param>
    public SemaphoreSlim For(string connectionId, CancellationToken connectionAborted)
    {
        if (_gates.TryGetValue(connectionId, out var gate))
        {
            return gate;
        }

        gate = _gates.GetOrAdd(connectionId, static _ => new SemaphoreSlim(1, 1));
        connectionAborted.Register(static state =>
        {
            var (gates, id) = ((SendGates, string))state!;
            gates.Forget(id);
        }, (this, connectionId));
        return gate;
    }

    public int Count => _gates.Count;

    /// <remarks>Not disposed: a send still waiting on it when the connection drops must not throw on a disposed gate.</remarks>
    public void Forget(string connectionId) => _gates.TryRemove(connectionId, out _);
}
