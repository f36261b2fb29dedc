using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// One per gateway node: the only way actors reach SignalR connections (a hub context reaches only
/// this node's connections). It knows which of this node's connections belong to which user, takes
/// chats' events from the delivery topic and user entities' pushes, and gathers them until its
/// mailbox has been worked through, then writes them (<see cref="FanOutWriter"/>): each event
/// serialized once, each connection given all of its events in one write.
/// It also closes this node's connections whose session ended (<see cref="SessionsRevoked"/> from
/// the "sessions" topic, which it also records in the node's <see cref="SessionCache"/>) or whose
/// token is about to expire, each after telling the client why (<c>session_ended</c>).
/// </summary>
public sealed class ConnectionOutboxActor : ReceiveActor, IWithTimers
{
    /// <summary>
    /// A connection is closed this long before its token expires, so our <c>session_ended</c> goes
    /// out before SignalR's own expiry check (<c>CloseOnAuthenticationExpiration</c>) closes it unexplained.
    /// </summary>
    public static readonly TimeSpan ExpiryLead = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan ExpiryCheckInterval = TimeSpan.FromSeconds(1);

    private readonly IHubContext<MessengerHub> _hub;
    private readonly SessionCache _sessions;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeConnections _connections = new();
    private readonly FanOutWriter _writer;
    private int _countPublished;

    // Events dropped since the last warning about them, and when that warning was written (Environment.TickCount64).
    private const long DroppedWarningEvery = 60_000;
    private long _dropped;
    private long? _droppedToldAt;

    // Insertion order is kept: a connection still gets one chat's events in the order the chat made them.
    private readonly Dictionary<ClientEvent, List<string>> _pending = new(ReferenceEqualityComparer.Instance);

    public ConnectionOutboxActor(IHubContext<MessengerHub> hub, SessionCache sessions, HubConnectionRegistry open)
    {
        _hub = hub;
        _sessions = sessions;
        _writer = new FanOutWriter(open.Find, written => Logged(written, "events"), Dropped);
        Receive<ConnectionOpened>(opened =>
        {
            // Its session may have ended between the token check and now: this actor records every
            // end it hears of before closing connections, so checking here closes the gap.
            if (_sessions.EndReason(opened.Connection.SessionId) is { } reason)
            {
                End(opened.Connection, reason);
                return;
            }

            _connections.Add(opened.Connection);
            PublishCount();
        });
        Receive<ConnectionClosed>(closed =>
        {
            _connections.Remove(closed.UserId, closed.ConnectionId);
            PublishCount();
        });
        Receive<PushToConnections>(push => Enqueue(push.Event, push.ConnectionIds));
        Receive<DeliverToUsers>(deliver =>
        {
            // By index: a foreach over the lists' interfaces boxed an enumerator per user and delivery.
            var targets = new List<string>();
            var users = deliver.UserIds;
            for (var u = 0; u < users.Count; u++)
            {
                var connections = _connections.OfUser(users[u]);
                for (var c = 0; c < connections.Count; c++)
                {
                    if (connections[c].Id != deliver.ExceptConnectionId)
                    {
                        targets.Add(connections[c].Id);
                    }
                }
            }

            if (targets.Count > 0)
            {
                Enqueue(deliver.Event, targets);
            }
        });
        Receive<SessionsRevoked>(revoked =>
        {
            _sessions.End(revoked.SessionIds, revoked.Reason, revoked.ExpiresBy + TokenService.ClockSkew, DateTimeOffset.UtcNow);
            foreach (var connection in _connections.TakeSessions(revoked.UserId, revoked.SessionIds))
            {
                End(connection, revoked.Reason);
            }

            PublishCount();
        });
        Receive<CheckExpiries>(_ =>
        {
            foreach (var connection in _connections.TakeExpiring(DateTimeOffset.UtcNow + ExpiryLead))
            {
                End(connection, SessionEndReasons.TokenExpired);
            }

            PublishCount();
        });
        Receive<BroadcastToAll>(broadcast => Logged(_hub.Clients.All.SendAsync(broadcast.Event.Name, broadcast.Event.Payload), broadcast.Event.Name));
        Receive<SubscribeAck>(_ => { });
        Receive<Flush>(_ =>
        {
            _writer.Write(_pending);
            _pending.Clear();
        });
    }

    /// <summary>Tells the node's event stream how many connections it holds, when that changed (for the admin statistics).</summary>
    private void PublishCount()
    {
        if (_connections.Count != _countPublished)
        {
            _countPublished = _connections.Count;
            Context.System.EventStream.Publish(new Activities.ConnectionsNow(_connections.Count, _connections.Users, Self));
        }
    }

    public static Props Props(IHubContext<MessengerHub> hub, SessionCache sessions, HubConnectionRegistry open) => Akka.Actor.Props.Create(() => new ConnectionOutboxActor(hub, sessions, open));

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A connection of this node opened: told by the hub before anything else happens on it.</summary>
    /// <remarks>Local only: the hub tells its own node's outbox, and the connection's context cannot cross nodes.</remarks>
    public sealed record ConnectionOpened(LiveConnection Connection) : INoSerializationVerificationNeeded;

    public sealed record ConnectionClosed(int UserId, string ConnectionId);

    protected override void PreStart()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        mediator.Tell(new Subscribe(DeliveryTopic.Name, Self));

        // Other nodes' chats reach it by its path (NodeDeliveries), this node's directly.
        mediator.Tell(new Put(Self));
        mediator.Tell(new Subscribe(SessionsRevoked.Topic, Self));
        Timers.StartPeriodicTimer(nameof(CheckExpiries), CheckExpiries.Instance, ExpiryCheckInterval);
    }

    /// <summary>Tells the client why, then closes the connection (the hub's disconnect handling follows as usual).</summary>
    private void End(LiveConnection connection, string reason)
    {
        _log.Info("Session ended: user {0}, connection {1} ({2})", connection.UserId, connection.Id, reason);
        var told = _hub.Clients.Client(connection.Id).SendAsync(ClientEventNames.SessionEnded, new SessionEndedEvent(reason));
        told.ContinueWith(_ => connection.Context.Abort(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

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
    /// An event whose payload could not be serialized went to nobody: worth a warning, but at most one a
    /// minute (it says how many went since the last), so a payload that always fails cannot flood the log.
    /// </summary>
    private void Dropped(ClientEvent evt, Exception error)
    {
        _dropped++;
        var now = Environment.TickCount64;
        if (_droppedToldAt is { } told && now - told < DroppedWarningEvery)
        {
            return;
        }

        _log.Warning(error, "Event {0} dropped: its payload could not be serialized ({1} event(s) dropped since the last such warning)", evt.Name, _dropped);
        _droppedToldAt = now;
        _dropped = 0;
    }

    /// <summary>A closed connection is normal here; anything else is worth a line.</summary>
    private void Logged(Task send, string eventName)
    {
        var log = _log;
        send.ContinueWith(
            t => log.Warning(t.Exception, "Push of {0} failed", eventName),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed class Flush : INoSerializationVerificationNeeded
    {
        public static readonly Flush Instance = new();
    }

    private sealed class CheckExpiries : INoSerializationVerificationNeeded
    {
        public static readonly CheckExpiries Instance = new();
    }
}
