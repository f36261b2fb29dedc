using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>
/// One chat: owns membership and ordering. Each message gets the next gap-free sequence number,
/// is persisted before it is acknowledged, then goes to every member's user entity (which reaches
/// all of that member's connections). Persistence id: <c>chat-{chatId}</c>.
/// </summary>
public sealed class ChatActor : ReceivePersistentActor, IWithTimers
{
    private readonly ChatState _state;
    private readonly MessengerSettings _settings;
    private readonly IActorRef _users;
    private readonly IActorRef _historyWriter;
    private readonly IMessageHistoryStore _history;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _projectedSeq;
    private long _eventsSinceSnapshot;

    public ChatActor(string chatId, MessengerSettings settings, IActorRef users, IActorRef historyWriter, IMessageHistoryStore history)
    {
        _state = new ChatState(chatId, settings.RememberedClientIdsPerSender);
        _settings = settings;
        _users = users;
        _historyWriter = historyWriter;
        _history = history;
        PersistenceId = "chat-" + chatId;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is ChatSnapshot snapshot)
            {
                _state.Apply(snapshot);
            }
        });
        Recover<IPersisted>(evt =>
        {
            _state.Apply(evt);
            _eventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _history.MaxSeqAsync(_state.ChatId).PipeTo(
                Self,
                success: max => new StoredUpTo(max),
                failure: ex => new StoredUpToUnknown(ex));
            NotifyMembers();
        });

        Command<PostMessage>(Handle);
        Command<GetHistory>(Handle);
        Command<GetSummary>(Handle);
        Command<MarkRead>(Handle);
        Command<HistoryProjected>(p =>
        {
            _projectedSeq = Math.Max(_projectedSeq, p.UpToSeq);
            _state.Trim(_settings.RecentWindow, _projectedSeq);
        });
        Command<StoredUpTo>(OnStoredUpTo);
        Command<UserProtocol.JoinedChatRecorded>(OnJoinedChatRecorded);
        Command<RenotifyMembers>(_ => NotifyMembers());
        Command<StoredUpToUnknown>(f => _log.Warning(f.Cause, "History store unreadable for {0}; its messages stay in memory", _state.ChatId));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", _state.ChatId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Old snapshots of {0} not deleted", _state.ChatId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string chatId, MessengerSettings settings, IActorRef users, IActorRef historyWriter, IMessageHistoryStore history) =>
        Akka.Actor.Props.Create(() => new ChatActor(chatId, settings, users, historyWriter, history));

    private sealed record StoredUpTo(long Seq);

    private sealed record StoredUpToUnknown(Exception Cause);

    private sealed class RenotifyMembers
    {
        public static readonly RenotifyMembers Instance = new();
    }

    private void Handle(PostMessage cmd)
    {
        var text = cmd.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            Reject(ErrorCodes.EmptyText, "Message text is empty.");
            return;
        }

        if (text.Length > _settings.MaxTextLength)
        {
            Reject(ErrorCodes.TextTooLong, $"Message text is longer than {_settings.MaxTextLength} characters.");
            return;
        }

        if (cmd.Type != "text")
        {
            Reject(ErrorCodes.UnsupportedType, $"Message type '{cmd.Type}' is not supported.");
            return;
        }

        if (cmd.ClientId is { } cid && (cid.Length == 0 || cid.Length > _settings.MaxClientIdLength))
        {
            Reject(ErrorCodes.InvalidClientId, $"clientId must be 1..{_settings.MaxClientIdLength} characters.");
            return;
        }

        if (!_state.Exists)
        {
            if (!cmd.CreateDirect || !ChatIds.TryParseDirect(_state.ChatId, out var low, out var high))
            {
                Reject(ErrorCodes.UnknownChat, $"Chat '{_state.ChatId}' does not exist.");
                return;
            }

            int[] members = low == high ? [low] : [low, high];
            if (!members.Contains(cmd.SenderId))
            {
                Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
                return;
            }

            Persist(new ChatCreated(_state.ChatId, ChatKind.Direct, members, DateTimeOffset.UtcNow), created =>
            {
                _state.Apply(created);
                NotifyMembers();
            });
        }
        else if (!_state.IsMember(cmd.SenderId))
        {
            Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
            return;
        }

        if (cmd.ClientId is { } clientId && _state.SeqOfClientId(cmd.SenderId, clientId) is { } originalSeq)
        {
            ReplyWithOriginal(originalSeq);
            return;
        }

        var message = new MessageView(
            Id: $"{_state.ChatId}:{_state.LastSeq + 1}",
            ChatId: _state.ChatId,
            Seq: _state.LastSeq + 1,
            SenderId: cmd.SenderId,
            Text: text,
            Type: cmd.Type,
            CreatedAt: DateTimeOffset.UtcNow,
            ClientId: cmd.ClientId);
        var replyTo = Sender;
        Persist(new MessagePosted(message), posted =>
        {
            _state.Apply(posted);
            replyTo.Tell(new MessageAccepted(message, Duplicate: false));
            var evt = new ClientEvent(ClientEventNames.NewMessage, new NewMessageEvent(message.ChatId, message));
            foreach (var member in _state.Members)
            {
                _users.Tell(new DeliverToUser(member, evt, cmd.OriginConnectionId));
            }

            _historyWriter.Tell(new HistoryWriterActor.Project(_state.ChatId, [message]));
            MaybeSnapshot();
        });
    }

    /// <summary>A retry: answer as the first time, store and deliver nothing.</summary>
    private void ReplyWithOriginal(long seq)
    {
        if (_state.FindRecent(seq) is { } recent)
        {
            Sender.Tell(new MessageAccepted(recent, Duplicate: true));
            return;
        }

        _history.PageAsync(_state.ChatId, seq + 1, 1).PipeTo(
            Sender,
            success: page => page.Count == 1 && page[0].Seq == seq
                ? new MessageAccepted(page[0], Duplicate: true)
                : new Rejected(ErrorCodes.Unavailable, "The original message could not be read."),
            failure: _ => new Rejected(ErrorCodes.Unavailable, "The original message could not be read."));
    }

    private void Handle(GetHistory query)
    {
        if (!_state.Exists)
        {
            // A direct chat exists for its two members from the start; it is just empty.
            if (ChatIds.TryParseDirect(_state.ChatId, out var low, out var high))
            {
                if (query.RequesterId == low || query.RequesterId == high)
                {
                    Sender.Tell(new HistoryPage(_state.ChatId, [], HasMore: false));
                }
                else
                {
                    Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
                }

                return;
            }

            Reject(ErrorCodes.UnknownChat, $"Chat '{_state.ChatId}' does not exist.");
            return;
        }

        if (!_state.IsMember(query.RequesterId))
        {
            Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
            return;
        }

        var before = Math.Min(query.BeforeSeq ?? long.MaxValue, _state.LastSeq + 1);
        var limit = Math.Clamp(query.Limit <= 0 ? _settings.DefaultPageSize : query.Limit, 1, _settings.MaxPageSize);
        var fromMemory = _state.Recent.Where(m => m.Seq < before).TakeLast(limit).ToList();
        var lowest = fromMemory.Count > 0 ? fromMemory[0].Seq : before;

        // The memory window holds every message newer than the store's copy, so only the part of
        // the page older than the window is read from the store.
        if (fromMemory.Count == limit || lowest <= 1 || _state.OldestRecentSeq <= 1)
        {
            Sender.Tell(new HistoryPage(_state.ChatId, fromMemory, HasMore: lowest > 1));
            return;
        }

        var chatId = _state.ChatId;
        var missing = limit - fromMemory.Count;
        _history.PageAsync(chatId, lowest, missing).PipeTo(
            Sender,
            success: older =>
            {
                var page = older.Concat(fromMemory).ToList();
                return new HistoryPage(chatId, page, HasMore: page.Count > 0 && page[0].Seq > 1);
            },
            failure: _ => new Rejected(ErrorCodes.Unavailable, "History could not be read."));
    }

    private void Handle(GetSummary query)
    {
        if (!_state.Exists)
        {
            Reject(ErrorCodes.UnknownChat, $"Chat '{_state.ChatId}' does not exist.");
            return;
        }

        if (!_state.IsMember(query.RequesterId))
        {
            Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
            return;
        }

        Sender.Tell(new ChatSummary(
            _state.ChatId,
            _state.Kind,
            _state.Members,
            _state.Recent.LastOrDefault(),
            _state.LastSeq,
            _state.ReadSeq(query.RequesterId),
            _state.Unread(query.RequesterId)));
    }

    private void Handle(MarkRead cmd)
    {
        if (!_state.Exists)
        {
            Reject(ErrorCodes.UnknownChat, $"Chat '{_state.ChatId}' does not exist.");
            return;
        }

        if (!_state.IsMember(cmd.UserId))
        {
            Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
            return;
        }

        if (cmd.Seq < 0 || cmd.Seq > _state.LastSeq)
        {
            Reject(ErrorCodes.InvalidSequence, $"seq must be between 0 and {_state.LastSeq}.");
            return;
        }

        if (cmd.Seq <= _state.ReadSeq(cmd.UserId))
        {
            Sender.Tell(new ReadMarked(_state.ChatId, cmd.UserId, _state.ReadSeq(cmd.UserId), _state.Unread(cmd.UserId)));
            return;
        }

        var replyTo = Sender;
        Persist(new ReadPositionAdvanced(cmd.UserId, cmd.Seq), evt =>
        {
            _state.Apply(evt);
            replyTo.Tell(new ReadMarked(_state.ChatId, cmd.UserId, _state.ReadSeq(cmd.UserId), _state.Unread(cmd.UserId)));
            var notice = new ClientEvent(ClientEventNames.MessagesRead, new MessagesReadEvent(_state.ChatId, cmd.UserId, evt.Seq));
            foreach (var member in _state.Members)
            {
                _users.Tell(new DeliverToUser(member, notice, null));
            }

            MaybeSnapshot();
        });
    }

    /// <summary>
    /// Tells each member not yet confirmed that the chat is in their chat list, and again every few
    /// seconds until they confirm: a crash between creating the chat and the members recording it
    /// must not hide the chat from anyone's list.
    /// </summary>
    private void NotifyMembers()
    {
        if (_state.UnnotifiedMembers.Count == 0)
        {
            Timers.Cancel(nameof(RenotifyMembers));
            return;
        }

        foreach (var member in _state.UnnotifiedMembers)
        {
            _users.Tell(new UserProtocol.JoinedChat(member, _state.ChatId, [.. _state.Members.Where(m => m != member)]));
        }

        Timers.StartSingleTimer(nameof(RenotifyMembers), RenotifyMembers.Instance, TimeSpan.FromSeconds(3));
    }

    private void OnJoinedChatRecorded(UserProtocol.JoinedChatRecorded recorded)
    {
        if (!_state.UnnotifiedMembers.Contains(recorded.UserId))
        {
            return;
        }

        Persist(new MembersNotified([recorded.UserId]), evt =>
        {
            _state.Apply(evt);
            if (_state.UnnotifiedMembers.Count == 0)
            {
                Timers.Cancel(nameof(RenotifyMembers));
            }

            MaybeSnapshot();
        });
    }

    private void OnStoredUpTo(StoredUpTo stored)
    {
        _projectedSeq = Math.Max(_projectedSeq, stored.Seq);
        var unprojected = _state.Recent.Where(m => m.Seq > _projectedSeq).ToList();
        if (unprojected.Count > 0)
        {
            _historyWriter.Tell(new HistoryWriterActor.Project(_state.ChatId, unprojected));
        }

        _state.Trim(_settings.RecentWindow, _projectedSeq);
    }

    private void MaybeSnapshot()
    {
        if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state.ToSnapshot());
        }
    }

    private void Reject(string code, string message) => Sender.Tell(new Rejected(code, message));
}
