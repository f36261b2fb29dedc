using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Event;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// One per gateway node: the only way actors reach SignalR connections. A hub context reaches only
/// this node's connections, so user entities anywhere in the cluster send here.
/// Pushes of one event (a channel post reaches thousands of users, each pushing separately) are
/// gathered until the mailbox has been worked through, then sent with one call, which SignalR
/// serializes once for all those connections.
/// </summary>
public sealed class ConnectionOutboxActor : ReceiveActor
{
    private readonly IHubContext<MessengerHub> _hub;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Insertion order is kept: a connection still gets one chat's events in the order the chat made them.
    private readonly Dictionary<ClientEvent, List<string>> _pending = new(ReferenceEqualityComparer.Instance);

    public ConnectionOutboxActor(IHubContext<MessengerHub> hub)
    {
        _hub = hub;
        Receive<PushToConnections>(push =>
        {
            if (_pending.Count == 0)
            {
                // Arrives after every push already in the mailbox.
                Self.Tell(Flush.Instance);
            }

            if (!_pending.TryGetValue(push.Event, out var connections))
            {
                connections = [];
                _pending[push.Event] = connections;
            }

            connections.AddRange(push.ConnectionIds);
        });
        Receive<Flush>(_ =>
        {
            foreach (var (evt, connections) in _pending)
            {
                Send(evt, connections);
            }

            _pending.Clear();
        });
    }

    public static Props Props(IHubContext<MessengerHub> hub) => Akka.Actor.Props.Create(() => new ConnectionOutboxActor(hub));

    private void Send(ClientEvent evt, List<string> connections)
    {
        var send = connections.Count == 1
            ? _hub.Clients.Client(connections[0]).SendAsync(evt.Name, evt.Payload)
            : _hub.Clients.Clients(connections).SendAsync(evt.Name, evt.Payload);

        // A closed connection is normal here; anything else is worth a line.
        var log = _log;
        send.ContinueWith(
            t => log.Warning(t.Exception, "Push of {0} failed", evt.Name),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}

public sealed class OutboxKey;
