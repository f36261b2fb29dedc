using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.OutboxWatcherProtocol;
using static ActorMessenger.Actors.Protocol.UserEvents;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Actors.User;

/// <summary>
/// One user: owns that user's live connections (any number of devices, on any gateway node),
/// presence (online while at least one connection is open), and pushes its own events (contacts'
/// status) to each connection. Chats' events reach connections through the nodes' outboxes directly.
/// Connections are live wiring and never persisted; chats, contacts and last seen are.
/// Persistence id: <c>user-{id}</c>.
/// </summary>
/// <remarks>
/// Untyped (one switch) rather than a receive actor: there is one of these per online user, and a
/// receive actor builds a delegate per handler and a matcher per instance (1.6 KiB per user).
/// </remarks>
public sealed class UserSessionActor : UntypedPersistentActor
{
    private readonly int _userId;
    private readonly MessengerSettings _settings;
    private readonly IActorRef _users;
    private readonly IActorRef _directory;
    private readonly IActorRef _outboxWatcher;
    private readonly UserState _state = new();
    private readonly Dictionary<string, IActorRef> _connections = new(StringComparer.Ordinal);
    private int _eventsSinceSnapshot;

    public UserSessionActor(int userId, MessengerSettings settings, IActorRef users, IActorRef directory, IActorRef outboxWatcher)
    {
        _userId = userId;
        _settings = settings;
        _users = users;
        _directory = directory;
        _outboxWatcher = outboxWatcher;
        PersistenceId = "user-" + userId;
    }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: UserSnapshot snapshot }:
                _state.Apply(snapshot);
                break;
            case IPersisted evt:
                _state.Apply(evt);
                break;
            case RecoveryCompleted:
                UpdateIdleTimeout();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Connect connect:
                OnConnect(connect);
                break;
            case Disconnect disconnect:
                OnDisconnect(disconnect);
                break;
            case OutboxLost lost:
                DropConnectionsOf(lost.Outbox);
                break;
            case MembershipNotice notice:
                OnMembershipNotice(notice);
                break;
            case PeerPresenceChanged presence:
                Push(new ClientEvent(ClientEventNames.UserStatus, presence.Status));
                break;
            case OnlineContacts online:
                OnOnlineContacts(online);
                break;
            case GetChats:
                Sender.Tell(new UserChats(_userId, [.. _state.Chats]));
                break;
            case GetPresence:
                Sender.Tell(new Presence(_userId, _connections.Count > 0, _connections.Count, _state.LastSeen));
                break;
            case ReceiveTimeout when _connections.Count == 0:
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
                break;
            case ReceiveTimeout:
                break;
            case SaveSnapshotSuccess saved:
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failed:
                Log.Warning(failed.Cause, "Snapshot of user {0} failed", _userId);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public override string PersistenceId { get; }

    public static Props Props(int userId, MessengerSettings settings, IActorRef users, IActorRef directory, IActorRef outboxWatcher) =>
        Akka.Actor.Props.Create(() => new UserSessionActor(userId, settings, users, directory, outboxWatcher));

    /// <summary>Stopped or restarted with connections (a rebalance, a crash): the watcher forgets this user.</summary>
    protected override void PostStop()
    {
        foreach (var outbox in _connections.Values.Distinct())
        {
            _outboxWatcher.Tell(new UnwatchOutbox(outbox, Self));
        }

        base.PostStop();
    }

    private void OnConnect(Connect connect)
    {
        if (_connections.Remove(connect.ConnectionId, out var previous))
        {
            ForgetIfUnused(previous);
        }

        var cameOnline = _connections.Count == 0;
        if (!_connections.ContainsValue(connect.Outbox))
        {
            _outboxWatcher.Tell(new WatchOutbox(connect.Outbox, Self));
        }

        _connections[connect.ConnectionId] = connect.Outbox;
        UpdateIdleTimeout();

        // The directory hears first: the hub asks it for the online users as soon as it has the
        // answer below, through the same singleton proxy, so the new user is already in that list.
        if (cameOnline)
        {
            _directory.Tell(new PresenceChanged(_userId, true, DateTimeOffset.UtcNow, [.. _state.Contacts]));
        }

        Sender.Tell(new Connected(_userId, connect.ConnectionId, _connections.Count, cameOnline));
    }

    private void OnDisconnect(Disconnect disconnect)
    {
        if (_connections.Remove(disconnect.ConnectionId, out var outbox))
        {
            ForgetIfUnused(outbox);
            WentOfflineIfLast();
        }
    }

    private void ForgetIfUnused(IActorRef outbox)
    {
        if (!_connections.ContainsValue(outbox))
        {
            _outboxWatcher.Tell(new UnwatchOutbox(outbox, Self));
        }
    }

    /// <summary>A gateway node went away: its connections are gone too.</summary>
    private void DropConnectionsOf(IActorRef outbox)
    {
        var lost = _connections.Where(kv => kv.Value.Equals(outbox)).Select(kv => kv.Key).ToList();
        foreach (var id in lost)
        {
            _connections.Remove(id);
        }

        if (lost.Count > 0)
        {
            WentOfflineIfLast();
        }
    }

    private void WentOfflineIfLast()
    {
        if (_connections.Count > 0)
        {
            return;
        }

        Persist(new WentOffline(DateTimeOffset.UtcNow), evt =>
        {
            _state.Apply(evt);
            _directory.Tell(new PresenceChanged(_userId, false, evt.At, [.. _state.Contacts]));
            MaybeSnapshot();
            UpdateIdleTimeout();
        });
    }

    private void OnMembershipNotice(MembershipNotice notice)
    {
        var recorded = new MembershipRecorded(_userId, notice.ChatId, notice.IsMember);
        var settled = notice.IsMember ? _state.Knows(notice.ChatId, notice.Peers) : !_state.InChat(notice.ChatId);
        if (settled)
        {
            Sender.Tell(recorded);
            return;
        }

        var chat = Sender;
        IPersisted evt = notice.IsMember ? new ChatJoined(notice.ChatId, notice.Peers) : new ChatLeft(notice.ChatId);
        Persist(evt, e =>
        {
            _state.Apply(e);
            chat.Tell(recorded);
            MaybeSnapshot();
        });
    }

    /// <summary>The directory said which contacts are online: only they hear about our presence.</summary>
    private void OnOnlineContacts(OnlineContacts online)
    {
        foreach (var contact in online.Online)
        {
            _users.Tell(new PeerPresenceChanged(contact, online.Status));
        }
    }

    /// <summary>One push per gateway node holding connections of this user.</summary>
    private void Push(ClientEvent evt)
    {
        foreach (var group in _connections.GroupBy(kv => kv.Value))
        {
            group.Key.Tell(new PushToConnections([.. group.Select(kv => kv.Key)], evt));
        }
    }

    /// <summary>Stay in memory while connected; passivate after a quiet spell with no connection.</summary>
    private void UpdateIdleTimeout() =>
        Context.SetReceiveTimeout(_connections.Count == 0 ? _settings.UserIdleTimeout : null);

    private void MaybeSnapshot()
    {
        if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state.ToSnapshot());
        }
    }
}
