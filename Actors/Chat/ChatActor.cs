using System.Diagnostics;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Sharding;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>
/// One chat (direct, group or channel): owns membership, roles, ordering, pins and read positions,
/// and checks every permission. Each message gets the next gap-free <c>seq</c>, each client-visible
/// change the next <c>updateSeq</c>; both are persisted before anyone is told. Persistence id:
/// <c>chat-{chatId}</c>. The handlers are split by topic over the ChatActor.*.cs files.
/// </summary>
public sealed partial class ChatActor : ReceivePersistentActor, IWithTimers
{
    private readonly ChatState _state;
    private readonly MessengerSettings _settings;
    private readonly IActorRef _users;
    private readonly IActorRef _deliveries;
    private readonly IActorRef _historyWriter;
    private readonly IMessageHistoryStore _history;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<int, DateTimeOffset> _lastTyping = [];
    private readonly List<PendingPost> _batch = [];
    private long _projectedUpdateSeq;
    private long _eventsSinceSnapshot;

    // How far the store held this chat's updates when the snapshot recovered from was taken: its messages
    // up to there are not in memory, so a store found behind it lost them (see OnStoredUpTo).
    private long _snapshotStoreHeldUpTo;

    // When the batch of posts being stored went to the journal (a Stopwatch timestamp), 0 outside one.
    private long _batchStartedAt;

    // Deliveries of stored batches not yet sent (see HeldBatchesAtMost), how many batches they are from,
    // and whether a stored batch's handlers are running (their deliveries are held, not sent).
    private readonly List<DeliverToUsers> _held = [];
    private int _heldBatches;
    private bool _collecting;

    /// <summary>
    /// A stored batch's deliveries wait while the chat's next batch is already gathered, and go out with
    /// that batch's, so a busy channel's subscribers get two batches' events in one write (one WebSocket
    /// frame and socket send per connection, where each is most of a delivery's cost) instead of one write
    /// per batch. Waiting is bounded: at most this many batches, and never for posts not yet sent to the
    /// chat (a batch with no next one already gathered goes out at once). The posters' acknowledgements
    /// never wait.
    /// </summary>
    private const int HeldBatchesAtMost = 2;

    public ChatActor(string chatId, MessengerSettings settings, IActorRef users, IActorRef deliveries, IActorRef historyWriter, IMessageHistoryStore history)
    {
        _state = new ChatState(chatId, settings.RememberedClientIdsPerSender);
        _settings = settings;
        _users = users;
        _deliveries = deliveries;
        _historyWriter = historyWriter;
        _history = history;
        PersistenceId = "chat-" + chatId;
        _eventsSinceSnapshot = SnapshotStagger.Offset(PersistenceId, settings.SnapshotEvery);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is ChatSnapshot snapshot)
            {
                _state.Apply(snapshot);
                _snapshotStoreHeldUpTo = snapshot.ProjectedUpToUpdateSeq;

                // That snapshot was saved at a staggered point of the cycle: count from it, not from the offset again.
                _eventsSinceSnapshot = 0;
            }
        });
        Recover<IPersisted>(evt =>
        {
            _state.Apply(evt);
            _eventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            if (!_state.Exists)
            {
                // Behind whatever arrived during recovery: once that is answered, leave unless it made the chat.
                Self.Tell(LeaveIfUnused.Instance);
                return;
            }

            AskStoredUpTo();
            NotifyMembers();
        });

        Ready();
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="users">The user entities: membership notices go there.</param>
    /// <param name="deliveries">Where live events go: the node's delivery publisher (one message per event, not per member).</param>
    public static Props Props(string chatId, MessengerSettings settings, IActorRef users, IActorRef deliveries, IActorRef historyWriter, IMessageHistoryStore history) =>
        Akka.Actor.Props.Create(() => new ChatActor(chatId, settings, users, deliveries, historyWriter, history));

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed record StoredUpTo(long UpdateSeq) : INoSerializationVerificationNeeded;

    private sealed record StoredUpToUnknown(Exception Cause) : INoSerializationVerificationNeeded;

    private sealed class AskStoredUpToAgain : INoSerializationVerificationNeeded
    {
        public static readonly AskStoredUpToAgain Instance = new();
    }

    private static readonly TimeSpan StoredUpToRetry = TimeSpan.FromSeconds(5);

    private sealed class RenotifyMembers : INoSerializationVerificationNeeded
    {
        public static readonly RenotifyMembers Instance = new();
    }

    /// <summary>
    /// A chat that does not exist (a read of a direct chat never started, a typo'd id) is asked and
    /// answered, then leaves memory at once: such reads must cost nothing lasting, however many.
    /// </summary>
    private sealed class LeaveIfUnused : INoSerializationVerificationNeeded
    {
        public static readonly LeaveIfUnused Instance = new();
    }

    /// <summary>The stop message of that passivation (the shard holds newer messages until the chat has stopped).</summary>
    private sealed class StopUnused : INoSerializationVerificationNeeded
    {
        public static readonly StopUnused Instance = new();
    }

    /// <summary>The normal behaviour: every command and query.</summary>
    private void Ready()
    {
        // While posts are gathered (see AddToBatch), everything else waits. A flag, not Become: this
        // behaviour is long, and rebuilding it twice per burst was a tenth of the server's allocations.
        Command<object>(_ => Stash.Stash(), m => _batch.Count > 0 && m is not PostMessage and not FlushPosts and not ReleaseHeld);
        Command<FlushPosts>(_ => FlushBatch());
        Command<ReleaseHeld>(_ =>
        {
            if (_batch.Count == 0)
            {
                SendHeld();
            }
        });
        Command<PostMessage>(Handle);
        Command<EditMessage>(Handle);
        Command<DeleteMessage>(Handle);
        Command<ToggleReaction>(Handle);
        Command<Pin>(Handle);
        Command<ChatProtocol.Typing>(Handle);
        Command<CreateChat>(Handle);
        Command<AddMembers>(Handle);
        Command<RemoveMember>(Handle);
        Command<Leave>(Handle);
        Command<Join>(Handle);
        Command<SetRole>(Handle);
        Command<UpdateInfo>(Handle);
        Command<GetInvite>(Handle);
        Command<RevokeInvite>(Handle);
        Command<GetHistory>(Handle);
        Command<GetMessage>(Handle);
        Command<GetUpdates>(Handle);
        Command<GetSummary>(Handle);
        Command<GetInfo>(Handle);
        Command<GetMembers>(Handle);
        Command<GetPins>(Handle);
        Command<CheckMember>(Handle);
        Command<CheckCanPost>(Handle);
        Command<MarkRead>(Handle);
        Command<ClearHistory>(Handle);
        Command<DeleteMessagesFrom>(Handle);
        Command<SetDirectBlock>(Handle);
        Command<HistoryProjected>(p =>
        {
            _projectedUpdateSeq = Math.Max(_projectedUpdateSeq, p.UpToUpdateSeq);
            _state.Trim(_settings.RecentWindow, _projectedUpdateSeq);
            AnswerStoredClears();
        });
        Command<StoredUpTo>(OnStoredUpTo);
        Command<StoredUpToUnknown>(f =>
        {
            _log.Warning(f.Cause, "History store unreadable for {0}; its messages stay in memory and the store is asked again", _state.ChatId);
            Timers.StartSingleTimer(nameof(AskStoredUpTo), AskStoredUpToAgain.Instance, StoredUpToRetry);
        });
        Command<AskStoredUpToAgain>(_ => AskStoredUpTo());
        Command<UserProtocol.MembershipRecorded>(OnMembershipRecorded);
        Command<RenotifyMembers>(_ => NotifyMembers());
        Command<LeaveIfUnused>(_ =>
        {
            if (!_state.Exists)
            {
                Context.Parent.Tell(new Passivate(StopUnused.Instance));
            }
        });

        // Also when a post made the chat meanwhile: it is stored by now (commands wait while events
        // persist), and the next message starts the chat again from the journal.
        Command<StopUnused>(_ => Context.Stop(Self));

        // Behind whatever was stashed before it (see HandOffStop): those commands are handled first.
        Command<HandOffStop>(_ => Context.Stop(Self));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", _state.ChatId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Old snapshots of {0} not deleted", _state.ChatId));
    }

    /// <summary>
    /// Persists an event; once stored, applies it, runs <paramref name="reply"/>, and tells every
    /// member (plus <paramref name="alsoTell"/>) and the history store about the update it made.
    /// </summary>
    private void PersistVisible(IPersisted evt, Action<ChatUpdate?> reply, string? exceptConnection = null, IReadOnlyList<int>? alsoTell = null) =>
        Persist(evt, e => OnPersisted(e, reply, exceptConnection, alsoTell));

    /// <summary>
    /// Runs once an event is stored: applies it, runs <paramref name="reply"/>, and tells every member
    /// (plus <paramref name="alsoTell"/>) and the history store about the update it made.
    /// </summary>
    private void OnPersisted(IPersisted e, Action<ChatUpdate?> reply, string? exceptConnection, IReadOnlyList<int>? alsoTell)
    {
        var record = _state.Apply(e);
        var update = record is null ? null : ToUpdate(record);
        reply(update);
        if (update is not null)
        {
            var audience = alsoTell is null ? _state.MemberIds : _state.MemberIds.Concat(alsoTell).Distinct();
            Deliver(audience, new ClientEvent(update.Type, update), exceptConnection);
        }
        else if (e is MembershipChanged && _state.Kind == ChatKind.Channel)
        {
            // A subscriber came or went quietly: the managers' count follows live, nobody else is told.
            Deliver(_state.MemberIds.Where(_state.IsManager), new ClientEvent(ClientEventNames.MemberCount, new MemberCountEvent(_state.ChatId, _state.Info.MemberCount)), null);
        }

        var catalog = _state.Kind == ChatKind.Channel && e is ChatCreated or InfoChanged or MembershipChanged ? _state.Info : null;
        if (update is not null || catalog is not null)
        {
            _historyWriter.Tell(new HistoryWriterActor.Project(new ProjectionBatch(
                _state.ChatId,
                update is null ? [] : [update.Message],
                record is null ? [] : [record],
                catalog)));
        }

        if (e is ChatCreated or MembershipChanged)
        {
            NotifyMembers();
        }

        PublishActivity(e);
        MaybeSnapshot();
    }

    /// <summary>Tells the node's event stream what changed, for figures kept elsewhere (nothing waits for them).</summary>
    private void PublishActivity(IPersisted e)
    {
        var activity = e switch
        {
            MessagePosted { Message.System: null } posted => new Activities.ChatActivity(
                _state.ChatId,
                _state.Kind,
                Activities.Changes.Posted,
                posted.Message,
                Self,
                _batchStartedAt == 0 ? null : Stopwatch.GetElapsedTime(_batchStartedAt)),
            MessageChanged { Change: UpdateTypes.MessageDeleted, Message.System: null } deleted =>
                new Activities.ChatActivity(_state.ChatId, _state.Kind, Activities.Changes.Deleted, deleted.Message, Self),
            ChatCreated => new Activities.ChatActivity(_state.ChatId, _state.Kind, Activities.Changes.Created, null, Self),
            HistoryCleared => new Activities.ChatActivity(_state.ChatId, _state.Kind, Activities.Changes.Cleared, null, Self),
            _ => null,
        };
        if (activity is not null)
        {
            Context.System.EventStream.Publish(activity);
        }
    }

    private ChatUpdate ToUpdate(UpdateRecord record)
    {
        _state.TryGetMessage(record.Seq, out var message);
        return new ChatUpdate(_state.ChatId, record.UpdateSeq, record.Type, message, record.Pin);
    }

    private void Deliver(IEnumerable<int> userIds, ClientEvent evt, string? exceptConnection)
    {
        var audience = userIds.ToList();
        if (audience.Count == 0)
        {
            return;
        }

        var delivery = new DeliverToUsers(audience, evt, exceptConnection);
        if (_collecting)
        {
            _held.Add(delivery);
            return;
        }

        SendHeld();
        _deliveries.Tell(delivery);
    }

    /// <summary>Sends the deliveries held back (see <see cref="HeldBatchesAtMost"/>), in the order they were made.</summary>
    private void SendHeld()
    {
        foreach (var delivery in _held)
        {
            _deliveries.Tell(delivery);
        }

        _held.Clear();
        _heldBatches = 0;
    }

    protected override void PostStop()
    {
        // Stored already: a live copy still goes out (a stopping chat holds no later batch).
        SendHeld();
        base.PostStop();
    }

    /// <summary>
    /// Runs <paramref name="then"/> with message <paramref name="seq"/>. A message no longer in memory
    /// is read from the store while other commands wait, so no two commands race on one message.
    /// </summary>
    private void WithMessage(long seq, Action<MessageView, IActorRef> then)
    {
        var replyTo = Sender;
        if (seq < 1 || seq > _state.LastSeq)
        {
            replyTo.Tell(new Rejected(ErrorCodes.InvalidSequence, $"There is no message {seq} in this chat."));
            return;
        }

        if (seq <= _state.ClearedUpToSeq)
        {
            replyTo.Tell(new Rejected(ErrorCodes.MessageDeleted, "The chat's history was cleared."));
            return;
        }

        if (_state.TryGetMessage(seq, out var message))
        {
            then(message, replyTo);
            return;
        }

        _history.GetManyAsync(_state.ChatId, [seq]).PipeTo(
            Self,
            success: found => new Loaded(found.Count > 0 ? found[0] : null, then, replyTo),
            failure: ex => new Loaded(null, then, replyTo));
        Become(() =>
        {
            Command<Loaded>(loaded =>
            {
                Become(Ready);
                Stash.UnstashAll();
                if (loaded.Message is null)
                {
                    loaded.ReplyTo.Tell(new Rejected(ErrorCodes.Unavailable, "The message could not be read; try again."));
                    return;
                }

                _state.RememberLoaded(loaded.Message);
                loaded.Then(loaded.Message, loaded.ReplyTo);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private sealed record Loaded(MessageView? Message, Action<MessageView, IActorRef> Then, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    private void AskStoredUpTo() =>
        _history.MaxUpdateSeqAsync(_state.ChatId).PipeTo(
            Self,
            success: max => new StoredUpTo(max),
            failure: ex => new StoredUpToUnknown(ex));

    private void OnStoredUpTo(StoredUpTo stored)
    {
        if (stored.UpdateSeq < _snapshotStoreHeldUpTo)
        {
            ReplayWholeJournal(stored.UpdateSeq);
            return;
        }

        _projectedUpdateSeq = Math.Max(_projectedUpdateSeq, stored.UpdateSeq);
        var (messages, updates) = _state.Unprojected(_projectedUpdateSeq);
        if (updates.Count > 0 || messages.Count > 0)
        {
            var catalog = _state.Kind == ChatKind.Channel ? _state.Info : null;

            // A clear the store never got (a crash in between) is applied again before the rest.
            var clear = _state.Cleared is { } point && point.AtUpdateSeq > _projectedUpdateSeq ? point : null;
            _historyWriter.Tell(new HistoryWriterActor.Project(new ProjectionBatch(_state.ChatId, messages, updates, catalog, clear)));
        }

        _state.Trim(_settings.RecentWindow, _projectedUpdateSeq);
        AnswerStoredClears();
    }

    private void MaybeSnapshot()
    {
        if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            SaveChatSnapshot();
        }
    }

    private void SaveChatSnapshot() => SaveSnapshot(_state.ToSnapshot(_projectedUpdateSeq, _snapshotStoreHeldUpTo, _settings.DefaultPageSize));

    /// <summary>
    /// The store ends before what the recovered snapshot counted as stored: its last writes were lost (the
    /// projection commits without waiting for the disk, so a power cut can take them), and so were the
    /// messages in between, which that snapshot left to the store. The journal still holds every event:
    /// the chat's snapshots are deleted and the chat restarts, replaying its journal from the start and
    /// projecting again whatever the store lacks. Commands wait meanwhile and are handled after the restart.
    /// </summary>
    private void ReplayWholeJournal(long storeEndsAt)
    {
        _log.Warning(
            "History store of {0} ends at update {1}, before the {2} its snapshot counted as stored; replaying the chat's whole journal",
            _state.ChatId,
            storeEndsAt,
            _snapshotStoreHeldUpTo);
        DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
        Become(() =>
        {
            Command<DeleteSnapshotsSuccess>(_ => throw new HistoryStoreBehindException(_state.ChatId, storeEndsAt, _snapshotStoreHeldUpTo));
            Command<DeleteSnapshotsFailure>(f =>
            {
                // The snapshot stays: carry on from memory; the next start finds the store behind again and retries.
                _log.Error(f.Cause, "Snapshots of {0} not deleted; its history store stays behind until the chat starts again", _state.ChatId);
                Become(Ready);
                Stash.UnstashAll();
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private MessageView NewMessage(int senderId, string text, string type, string? clientId, MessageExtras? extras = null, SystemEvent? system = null, long? seq = null)
    {
        seq ??= _state.LastSeq + 1;
        return new MessageView(
            Id: $"{_state.ChatId}:{seq}",
            ChatId: _state.ChatId,
            Seq: seq.Value,
            SenderId: senderId,
            Text: text,
            Type: type,
            CreatedAt: DateTimeOffset.UtcNow,
            ClientId: clientId,
            ReplyTo: extras?.ReplyTo,
            Forward: extras?.Forward,
            Attachment: extras?.Attachment,
            System: system);
    }

    private MessageView SystemMessage(int actorId, string action, IReadOnlyList<int> userIds, string? role = null, string? title = null) =>
        NewMessage(actorId, string.Empty, MessageTypes.System, null, system: new SystemEvent(action, actorId, userIds, role, title));

    private void Reject(string code, string message) => Sender.Tell(new Rejected(code, message));

    private bool Refuse(Rejected? refusal, IActorRef? replyTo = null)
    {
        if (refusal is null)
        {
            return false;
        }

        (replyTo ?? Sender).Tell(refusal);
        return true;
    }
}
