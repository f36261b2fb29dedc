using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Sharding;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.OutboxWatcherProtocol;
using static ActorMessenger.Actors.Protocol.SessionProtocol;
using static ActorMessenger.Actors.Protocol.UserEvents;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Actors.User;

/// <summary>
/// One user: owns that user's live connections (any number of devices, on any gateway node),
/// presence (online while at least one connection is open), sign-in sessions, and pushes its own
/// events (contacts' status) to each connection. Chats' events reach connections through the nodes'
/// outboxes directly. Connections are live wiring and never persisted; chats, contacts, last seen
/// and sessions are. Ended sessions are published to every node (<see cref="SessionsRevoked"/>).
/// The journal stays short: after each snapshot (which holds the whole state) the events the
/// snapshot before it covers are deleted. Persistence id: <c>user-{id}</c>.
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
    private readonly IActorRef _publisher;
    private readonly UserState _state = new();
    private readonly Dictionary<string, IActorRef> _connections = new(StringComparer.Ordinal);
    private int _eventsSinceSnapshot;
    private long _previousSnapshotAt;

    private readonly JournalDeletions _deletions = new();

    /// <param name="userId">Null for a sharded entity: its name is its user id (see <see cref="ForEntities"/>).</param>
    public UserSessionActor(int? userId, MessengerSettings settings, IActorRef users, IActorRef directory, IActorRef outboxWatcher, IActorRef publisher)
    {
        _publisher = publisher;
        _userId = userId ?? int.Parse(Context.Self.Path.Name, CultureInfo.InvariantCulture);
        _settings = settings;
        _users = users;
        _directory = directory;
        _outboxWatcher = outboxWatcher;
        PersistenceId = "user-" + _userId;
    }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: IPersisted snapshot } offer:
                _state.Apply(snapshot);
                _previousSnapshotAt = offer.Metadata.SequenceNr;
                _eventsSinceSnapshot = 0;
                break;
            case IPersisted evt:
                _state.Apply(evt);

                // Counted across incarnations: a user who passivates between logins still gets snapshots.
                _eventsSinceSnapshot++;
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
            case StartSession start:
                OnStartSession(start);
                break;
            case CheckSession check:
                OnCheckSession(check);
                break;
            case EndSession end:
                EndSessions(_state.Sessions.IsActive(end.SessionId, DateTimeOffset.UtcNow) ? [end.SessionId] : [], end.Reason);
                break;
            case EndOtherSessions end:
                EndSessions(_state.Sessions.AllBut(end.KeepSessionId, DateTimeOffset.UtcNow), end.Reason);
                break;
            case EndAllSessions end:
                EndSessions(_state.Sessions.AllBut(null, DateTimeOffset.UtcNow), end.Reason);
                break;
            case ListSessions:
                Sender.Tell(new SessionList(_userId, _state.Sessions.Active(DateTimeOffset.UtcNow)));
                break;
            case GetPrivacy:
                Sender.Tell(Privacy());
                break;
            case SetPrivacy set:
                OnSetPrivacy(set);
                break;
            case SetUserBlock block:
                OnSetUserBlock(block);
                break;
            case SetBlockedBy by:
                OnSetBlockedBy(by);
                break;
            case CheckAddConsent check:
                Sender.Tell((object?)ConsentRules.CanAdd(_userId, check.AdderId, _state.WhoCanAddMe, _state.Blocks(check.AdderId), _state.SharesDirectChat(_userId, check.AdderId))
                    ?? new AddAllowed(_userId, check.AdderId));
                break;
            case GetPresence:
                Sender.Tell(new Presence(_userId, _connections.Count > 0, _connections.Count, _state.LastSeen));
                break;
            case Presence unblocker when !_state.BlockedBy.Contains(unblocker.UserId):
                Push(new ClientEvent(ClientEventNames.UserStatus, new UserStatus(unblocker.UserId, unblocker.Online, unblocker.LastSeen)));
                break;
            case Presence:
                // Blocked again before the answer came: nothing to show.
                break;
            case ReceiveTimeout when _connections.Count == 0:
                // Sessions' last seen lives in snapshots only: keep what changed since the last one.
                if (_state.Sessions.SeenSinceSnapshot)
                {
                    TakeSnapshot();
                }

                Context.Parent.Tell(new Passivate(HandOffStop.Instance));
                break;
            case HandOffStop:
                Context.Stop(Self);
                break;
            case ReceiveTimeout:
                break;
            case SaveSnapshotSuccess saved:
                // A snapshot holds the whole state, so the events before it are no longer needed; but
                // only those before the previous one go. A backup copies the snapshots before the
                // journal: the snapshot in its copy must still find the events after it in the journal's.
                if (_previousSnapshotAt > 0)
                {
                    DeleteJournalTo(_deletions.Ask(_previousSnapshotAt));
                    DeleteSnapshots(new SnapshotSelectionCriteria(_previousSnapshotAt - 1));
                }

                _previousSnapshotAt = saved.Metadata.SequenceNr;
                break;
            case SaveSnapshotFailure failed:
                Log.Warning(failed.Cause, "Snapshot of user {0} failed", _userId);
                break;
            case DeleteMessagesFailure failed:
                Log.Warning(failed.Cause, "Deleting journal events of user {0} failed", _userId);
                DeleteJournalTo(_deletions.Done());
                break;
            case DeleteMessagesSuccess:
                DeleteJournalTo(_deletions.Done());
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public override string PersistenceId { get; }

    private void DeleteJournalTo(long? sequenceNr)
    {
        if (sequenceNr is { } to)
        {
            DeleteMessages(to);
        }
    }

    /// <param name="publisher">Publishes <see cref="SessionsRevoked"/> to every node (the node's <see cref="NodeDeliveries"/>).</param>
    public static Props Props(int userId, MessengerSettings settings, IActorRef users, IActorRef directory, IActorRef outboxWatcher, IActorRef publisher) =>
        Akka.Actor.Props.Create(() => new UserSessionActor(userId, settings, users, directory, outboxWatcher, publisher));

    /// <summary>
    /// One Props for every entity of the shard region, which names each entity by its user id: a
    /// Props per entity (with its deploy, arguments and the evaluation of its expression) stayed with
    /// each online user for as long as the entity lived.
    /// </summary>
    public static Props ForEntities(MessengerSettings settings, IActorRef users, IActorRef directory, IActorRef outboxWatcher, IActorRef publisher) =>
        Akka.Actor.Props.Create(() => new UserSessionActor(null, settings, users, directory, outboxWatcher, publisher));

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

        // The directory hears first: the list of online users it is asked for next (passed on below, or
        // asked by the hub once it has the answer, through the same singleton proxy) has the new user.
        if (cameOnline)
        {
            _directory.Tell(new PresenceChanged(_userId, true, DateTimeOffset.UtcNow, _state.PresenceAudience));
        }

        var connected = new Connected(_userId, connect.ConnectionId, _connections.Count, cameOnline, [.. _state.BlockedBy]);
        if (connect.WithOnlineUsers)
        {
            _directory.Tell(new ListOnlineFor(connected), Sender);
        }
        else
        {
            Sender.Tell(connected);
        }
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
            _directory.Tell(new PresenceChanged(_userId, false, evt.At, _state.PresenceAudience));
            MaybeSnapshot();
            UpdateIdleTimeout();
        });
    }

    private void OnStartSession(StartSession start)
    {
        var now = DateTimeOffset.UtcNow;
        var displaced = _state.Sessions.DisplacedByNew(now, _settings.MaxSessionsPerUser);
        var displacedExpiry = _state.Sessions.LatestExpiry(displaced, now);
        var opened = new SessionOpened(NewSessionId(), now, start.ExpiresAt, Trimmed(start.UserAgent, MaxUserAgent) ?? string.Empty, Trimmed(start.Address, MaxAddress));
        IPersisted[] events = displaced.Count > 0 ? [new SessionsClosed(displaced, SessionEndReasons.SessionLimit, now), opened] : [opened];
        var replyTo = Sender;
        PersistAll(events, evt =>
        {
            _state.Apply(evt);
            MaybeSnapshot();
            if (evt is SessionsClosed closed)
            {
                _publisher.Tell(new SessionsRevoked(_userId, closed.Ids, closed.Reason, displacedExpiry));
            }
            else
            {
                replyTo.Tell(new SessionStarted(_userId, _state.Sessions.Find(opened.Id)!, displaced));
            }
        });
    }

    private void OnCheckSession(CheckSession check)
    {
        var now = DateTimeOffset.UtcNow;
        var active = _state.Sessions.IsActive(check.SessionId, now);
        if (active && check.SeenAt is { } seen)
        {
            _state.Sessions.Seen(check.SessionId, seen < now ? seen : now, Trimmed(check.Address, MaxAddress));
        }

        Sender.Tell(new SessionChecked(_userId, check.SessionId, active));
    }

    /// <summary>Ends the sessions, tells every node (their tokens stop, their connections close), then answers.</summary>
    private void EndSessions(IReadOnlyList<string> sessionIds, string reason)
    {
        var replyTo = Sender;
        if (sessionIds.Count == 0)
        {
            replyTo.Tell(new SessionsEnded(_userId, [], reason));
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var expiresBy = _state.Sessions.LatestExpiry(sessionIds, now);
        Persist(new SessionsClosed(sessionIds, reason, now), evt =>
        {
            _state.Apply(evt);
            _publisher.Tell(new SessionsRevoked(_userId, sessionIds, reason, expiresBy));
            replyTo.Tell(new SessionsEnded(_userId, sessionIds, reason));
            MaybeSnapshot();
        });
    }

    private PrivacySettings Privacy() => new(_userId, _state.WhoCanAddMe, [.. _state.Blocked], [.. _state.BlockedBy]);

    private void OnSetBlockedBy(SetBlockedBy by)
    {
        var replyTo = Sender;
        var answer = new BlockedBySet(_userId, by.BlockerId, by.Blocked);
        if (_state.BlockedBy.Contains(by.BlockerId) == by.Blocked)
        {
            replyTo.Tell(answer);
            return;
        }

        Persist(new BlockedByChanged(by.BlockerId, by.Blocked, DateTimeOffset.UtcNow), evt =>
        {
            _state.Apply(evt);
            replyTo.Tell(answer);

            // From now on the blocker's presence changes no longer come: their devices stop showing it now.
            // Unblocked, they come again, starting with where the blocker is now (asked of the blocker).
            if (by.Blocked)
            {
                Push(new ClientEvent(ClientEventNames.UserStatus, new UserStatus(by.BlockerId, false, null)));
            }
            else
            {
                _users.Tell(new GetPresence(by.BlockerId));
            }

            MaybeSnapshot();
        });
    }

    private void OnSetPrivacy(SetPrivacy set)
    {
        if (ConsentRules.CanSetPrivacy(set.WhoCanAddMe) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        PersistIfChanged(set.WhoCanAddMe == _state.WhoCanAddMe ? null : new PrivacyChanged(set.WhoCanAddMe, DateTimeOffset.UtcNow));
    }

    /// <summary>Only the list changes here; the direct chat learns of the block from the caller (see docs/architecture.md).</summary>
    private void OnSetUserBlock(SetUserBlock block)
    {
        var isBlocked = _state.Blocks(block.TargetId);
        if (ConsentRules.CanBlock(_userId, block.TargetId, block.Blocked, _state.Blocked.Count, isBlocked) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        PersistIfChanged(isBlocked == block.Blocked ? null : new UserBlockChanged(block.TargetId, block.Blocked, DateTimeOffset.UtcNow));
    }

    /// <summary>Answers with the privacy settings once the change (if any) is stored.</summary>
    private void PersistIfChanged(IPersisted? change)
    {
        var replyTo = Sender;
        if (change is null)
        {
            replyTo.Tell(Privacy());
            return;
        }

        Persist(change, evt =>
        {
            _state.Apply(evt);
            replyTo.Tell(Privacy());

            // The user's other devices follow (a composer closes, a list changes) without asking.
            Push(new ClientEvent(ClientEventNames.PrivacyChanged, new PrivacyChangedEvent(_state.WhoCanAddMe, [.. _state.Blocked])));
            MaybeSnapshot();
        });
    }

    private const int MaxUserAgent = 256;
    private const int MaxAddress = 64;

    private static string? Trimmed(string? value, int max) =>
        value is null ? null : value.Length <= max ? value : value[..max];

    /// <summary>128 random bits: a session id cannot be guessed, though alone it grants nothing (tokens are signed).</summary>
    private static string NewSessionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

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
        if (++_eventsSinceSnapshot >= _settings.UserSnapshotEvery)
        {
            TakeSnapshot();
        }
    }

    private void TakeSnapshot()
    {
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_state.ToSnapshot(DateTimeOffset.UtcNow));
    }
}
