using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// This node's open <c>/hub</c> connections by id, so that the outbox can write a message it serialized
/// once straight to each connection it is for (<see cref="FanOutWriter"/>) instead of through
/// <c>Clients.Clients(ids)</c>, which serializes per call and walks every connection of the node.
/// Kept by <see cref="RegisteringHubLifetimeManager{THub}"/>, which SignalR tells of every connection.
/// </summary>
public sealed class HubConnectionRegistry
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _open = new(StringComparer.Ordinal);

    public int Count => _open.Count;

    public void Add(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _open[connection.ConnectionId] = connection;
    }

    public void Remove(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _open.TryRemove(new KeyValuePair<string, HubConnectionContext>(connection.ConnectionId, connection));
    }

    public HubConnectionContext? Find(string connectionId) => _open.GetValueOrDefault(connectionId);
}

/// <summary>SignalR's own in-memory lifetime manager, which also keeps <see cref="HubConnectionRegistry"/>.</summary>
public sealed class RegisteringHubLifetimeManager<THub>(HubConnectionRegistry registry, ILogger<DefaultHubLifetimeManager<THub>> logger)
    : DefaultHubLifetimeManager<THub>(logger)
    where THub : Hub
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection).ConfigureAwait(false);
        registry.Add(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        registry.Remove(connection);
        return base.OnDisconnectedAsync(connection);
    }
}
