using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// One per gateway node: the only way actors reach SignalR connections (a hub context reaches only
/// this node's connections). It knows which of this node's connections belong to which user, takes
/// chats' events from the delivery topic and user entities' pushes, and gathers pushes of one event
/// until its mailbox has been worked through, then sends them: to a few connections one by one, to
/// many with one call, which SignalR serializes once for all of them.
/// </summary>
public sealed class ConnectionOutboxActor : ReceiveActor
{
    private readonly IHubContext<MessengerHub> _hub;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<int, List<string>> _connectionsByUser = [];

    // Insertion order is kept: a connection still gets one chat's events in the order the chat made them.
    private readonly Dictionary<ClientEvent, List<string>> _pending = new(ReferenceEqualityComparer.Instance);

    public ConnectionOutboxActor(IHubContext<MessengerHub> hub)
    {
        _hub = hub;
        Receive<ConnectionOpened>(opened =>
        {
            if (!_connectionsByUser.TryGetValue(opened.UserId, out var connections))
            {
                connections = [];
                _connectionsByUser[opened.UserId] = connections;
            }

            connections.Add(opened.ConnectionId);
        });
        Receive<ConnectionClosed>(closed =>
        {
            if (_connectionsByUser.TryGetValue(closed.UserId, out var connections) && connections.Remove(closed.ConnectionId) && connections.Count == 0)
            {
                _connectionsByUser.Remove(closed.UserId);
            }
        });
        Receive<PushToConnections>(push => Enqueue(push.Event, push.ConnectionIds));
        Receive<DeliverToUsers>(deliver =>
        {
            var targets = new List<string>();
            foreach (var user in deliver.UserIds)
            {
                if (_connectionsByUser.TryGetValue(user, out var connections))
                {
                    targets.AddRange(connections.Where(c => c != deliver.ExceptConnectionId));
                }
            }

            if (targets.Count > 0)
            {
                Enqueue(deliver.Event, targets);
            }
        });
        Receive<SubscribeAck>(_ => { });
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

    /// <summary>A connection of this node opened: told by the hub before anything else happens on it.</summary>
    public sealed record ConnectionOpened(int UserId, string ConnectionId);

    public sealed record ConnectionClosed(int UserId, string ConnectionId);

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(DeliveryTopic.Name, Self));

    private void Enqueue(ClientEvent evt, IEnumerable<string> connectionIds)
    {
        if (_pending.Count == 0)
        {
            // Arrives after every push already in the mailbox.
            Self.Tell(Flush.Instance);
        }

        if (!_pending.TryGetValue(evt, out var connections))
        {
            connections = [];
            _pending[evt] = connections;
        }

        connections.AddRange(connectionIds);
    }

    /// <summary>
    /// Up to this many connections get one send each (a lookup by id); more get one call for all,
    /// which serializes once but walks every connection of the node.
    /// </summary>
    private const int SeparateSendsUpTo = 8;

    private void Send(ClientEvent evt, List<string> connections)
    {
        var send = connections.Count <= SeparateSendsUpTo
            ? SendEach(evt, connections)
            : _hub.Clients.Clients(new ConnectionIdSet(connections)).SendAsync(evt.Name, evt.Payload);

        // A closed connection is normal here; anything else is worth a line.
        var log = _log;
        send.ContinueWith(
            t => log.Warning(t.Exception, "Push of {0} failed", evt.Name),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private Task SendEach(ClientEvent evt, List<string> connections)
    {
        if (connections.Count == 1)
        {
            return _hub.Clients.Client(connections[0]).SendAsync(evt.Name, evt.Payload);
        }

        var sends = new Task[connections.Count];
        for (var i = 0; i < sends.Length; i++)
        {
            sends[i] = _hub.Clients.Client(connections[i]).SendAsync(evt.Name, evt.Payload);
        }

        return Task.WhenAll(sends);
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}

public sealed class OutboxKey;
