using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.User;
using Akka.Actor;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>Reads: history, single messages, the update feed, summaries, details, pins; and read positions.</summary>
public sealed partial class ChatActor
{
    /// <summary>A direct chat exists for its two members from the start; it is just empty.</summary>
    private bool IsUncreatedDirectMember(int userId) =>
        !_state.Exists && ChatIds.TryParseDirect(_state.ChatId, out var low, out var high) && (userId == low || userId == high);

    private bool CanRead(int userId)
    {
        if (!_state.Exists && !ChatIds.TryParseDirect(_state.ChatId, out _, out _))
        {
            Reject(ErrorCodes.UnknownChat, $"Chat '{_state.ChatId}' does not exist.");
            return false;
        }

        return !Refuse(ChatRules.CanRead(_state, userId));
    }

    private void Handle(GetHistory query)
    {
        if (IsUncreatedDirectMember(query.RequesterId))
        {
            Sender.Tell(new HistoryPage(_state.ChatId, [], HasMore: false));
            return;
        }

        if (!CanRead(query.RequesterId))
        {
            return;
        }

        var before = Math.Min(query.BeforeSeq ?? long.MaxValue, _state.LastSeq + 1);
        var limit = Math.Clamp(query.Limit <= 0 ? _settings.DefaultPageSize : query.Limit, 1, _settings.MaxPageSize);
        var chatId = _state.ChatId;

        // Nothing up to a clear is served, also while the store has not forgotten it yet.
        var first = _state.ClearedUpToSeq + 1;
        if (_state.HoldsAllMessages(before - limit, before - 1))
        {
            var page = _state.MessagesBelow(before).TakeLast(limit).ToList();
            Sender.Tell(new HistoryPage(chatId, page, HasMore: page.Count > 0 && page[0].Seq > first));
            return;
        }

        // Memory holds every message newer than its stored copy; the store holds the rest.
        var inMemory = _state.MessagesBelow(before).ToList();
        _history.PageAsync(chatId, before, limit).PipeTo(
            Sender,
            success: stored =>
            {
                var page = Merge(stored.Where(m => m.Seq >= first), inMemory).TakeLast(limit).ToList();
                return new HistoryPage(chatId, page, HasMore: page.Count > 0 && page[0].Seq > first);
            },
            failure: _ => new Rejected(ErrorCodes.Unavailable, "History could not be read."));
    }

    private void Handle(GetMessage query)
    {
        if (!CanRead(query.RequesterId))
        {
            return;
        }

        WithMessage(query.Seq, (message, replyTo) => replyTo.Tell(new MessageFound(message)));
    }

    /// <summary>Every update after a cursor, with each message as it is now: a reconnecting client's catch-up.</summary>
    private void Handle(GetUpdates query)
    {
        if (IsUncreatedDirectMember(query.RequesterId))
        {
            Sender.Tell(new UpdatesPage(_state.ChatId, [], 0, HasMore: false));
            return;
        }

        if (!CanRead(query.RequesterId))
        {
            return;
        }

        // A cursor from before the last clear continues after it: the updates before it are gone.
        var after = Math.Max(0, query.AfterUpdateSeq);
        var cleared = _state.Cleared is { } point && after < point.AtUpdateSeq
            ? new ChatClearedEvent(_state.ChatId, point.AtUpdateSeq, point.UpToSeq, point.At)
            : null;
        after = Math.Max(after, cleared?.UpdateSeq ?? 0);
        var limit = Math.Clamp(query.Limit <= 0 ? _settings.DefaultPageSize : query.Limit, 1, _settings.MaxPageSize);
        var chatId = _state.ChatId;
        var last = _state.LastUpdateSeq;
        var memoryUpdates = _state.UpdatesAfter(after).ToList();
        var memoryMessages = memoryUpdates
            .Select(u => _state.TryGetMessage(u.Seq, out var m) ? m : null)
            .OfType<MessageView>()
            .DistinctBy(m => m.Seq)
            .ToDictionary(m => m.Seq);

        var fromMemory = _state.OldestUpdateInMemory <= after + 1;
        var updatesTask = fromMemory
            ? Task.FromResult<IReadOnlyList<UpdateRecord>>(memoryUpdates.Take(limit).ToList())
            : _history.UpdatesAsync(chatId, after, limit).ContinueWith(
                t => (IReadOnlyList<UpdateRecord>)[.. t.Result.Concat(memoryUpdates).DistinctBy(u => u.UpdateSeq).OrderBy(u => u.UpdateSeq).Take(limit)],
                TaskScheduler.Default);
        var allInMemory = fromMemory && memoryUpdates.Take(limit).All(u => memoryMessages.ContainsKey(u.Seq));

        async Task<UpdatesPage> Build()
        {
            var updates = await updatesTask.ConfigureAwait(false);
            var missing = updates.Select(u => u.Seq).Where(s => !memoryMessages.ContainsKey(s)).Distinct().ToList();
            var messages = new Dictionary<long, MessageView>(memoryMessages);
            if (missing.Count > 0)
            {
                foreach (var m in await _history.GetManyAsync(chatId, missing).ConfigureAwait(false))
                {
                    messages.TryAdd(m.Seq, m);
                }
            }

            var page = updates.Where(u => messages.ContainsKey(u.Seq)).Select(u => new ChatUpdate(chatId, u.UpdateSeq, u.Type, messages[u.Seq], u.Pin)).ToList();
            var reached = page.Count > 0 ? page[^1].UpdateSeq : after;
            return new UpdatesPage(chatId, page, last, HasMore: reached < last, cleared);
        }

        if (allInMemory)
        {
            Sender.Tell(Build().Result);
            return;
        }

        Build().PipeTo(Sender, failure: _ => new Rejected(ErrorCodes.Unavailable, "Updates could not be read."));
    }

    private void Handle(GetSummary query)
    {
        if (!CanRead(query.RequesterId))
        {
            return;
        }

        Sender.Tell(new ChatSummary(
            _state.Info,
            _state.Kind == ChatKind.Channel ? [] : [.. _state.MemberIds],
            _state.RoleOf(query.RequesterId)!,
            _state.LastMessage,
            _state.LastSeq,
            _state.LastUpdateSeq,
            _state.ReadSeq(query.RequesterId),
            _state.Unread(query.RequesterId),
            _state.OthersReadSeq(query.RequesterId)));
    }

    private void Handle(GetInfo query)
    {
        // Anyone may look at a public channel before joining it; other chats show themselves to members.
        var publicChannel = _state.Exists && _state.Kind == ChatKind.Channel && _state.IsPublic;
        if (!publicChannel && !CanRead(query.RequesterId))
        {
            return;
        }

        if (!_state.IsMember(query.RequesterId))
        {
            Sender.Tell(new ChatDetails(_state.Info, [], []));
            return;
        }

        var (members, more) = MemberPages.Page(_state.Members.Values, _state.Members.Count, 0, MemberPages.DefaultSize);
        Sender.Tell(new ChatDetails(_state.Info, members, _state.Pins, more));
    }

    private void Handle(GetMembers query)
    {
        if (!CanRead(query.RequesterId))
        {
            return;
        }

        var (members, more) = MemberPages.Page(_state.Members.Values, _state.Members.Count, query.Offset, query.Limit);
        Sender.Tell(new MembersPage(_state.ChatId, _state.Members.Count, members, more));
    }

    private void Handle(GetPins query)
    {
        if (!CanRead(query.RequesterId))
        {
            return;
        }

        var chatId = _state.ChatId;
        var pins = _state.Pins.ToList();
        var known = pins.Select(p => _state.TryGetMessage(p.Seq, out var m) ? m : null).OfType<MessageView>().ToDictionary(m => m.Seq);
        var missing = pins.Select(p => p.Seq).Where(s => !known.ContainsKey(s)).ToList();
        if (missing.Count == 0)
        {
            Sender.Tell(new PinnedMessages(chatId, [.. pins.Select(p => new PinnedMessage(p, known[p.Seq]))]));
            return;
        }

        _history.GetManyAsync(chatId, missing).PipeTo(
            Sender,
            success: stored =>
            {
                foreach (var m in stored)
                {
                    known.TryAdd(m.Seq, m);
                }

                return new PinnedMessages(chatId, [.. pins.Where(p => known.ContainsKey(p.Seq)).Select(p => new PinnedMessage(p, known[p.Seq]))]);
            },
            failure: _ => new Rejected(ErrorCodes.Unavailable, "Pins could not be read."));
    }

    private void Handle(CheckMember query)
    {
        if (IsUncreatedDirectMember(query.UserId))
        {
            Sender.Tell(new IsMember(_state.ChatId, query.UserId, ChatRoles.Member));
            return;
        }

        if (CanRead(query.UserId))
        {
            Sender.Tell(new IsMember(_state.ChatId, query.UserId, _state.RoleOf(query.UserId) ?? ChatRoles.Member));
        }
    }

    private void Handle(CheckCanPost query)
    {
        if (IsUncreatedDirectMember(query.UserId))
        {
            if (!Refuse(ConsentRules.CanWriteDirect(_state.BlockedBy, query.UserId)))
            {
                Sender.Tell(new IsMember(_state.ChatId, query.UserId, ChatRoles.Member));
            }

            return;
        }

        if (CanRead(query.UserId) && !Refuse(ChatRules.CanPost(_state, query.UserId)))
        {
            Sender.Tell(new IsMember(_state.ChatId, query.UserId, _state.RoleOf(query.UserId) ?? ChatRoles.Member));
        }
    }

    private void Handle(MarkRead cmd)
    {
        if (!CanRead(cmd.UserId))
        {
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
            Deliver(_state.ReadReceiptAudience(cmd.UserId), notice, null);
            MaybeSnapshot();
        });
    }

    /// <summary>Stored rows overlaid with the in-memory versions (which are never older), by seq.</summary>
    private static IEnumerable<MessageView> Merge(IEnumerable<MessageView> stored, IEnumerable<MessageView> inMemory)
    {
        var bySeq = stored.ToDictionary(m => m.Seq);
        foreach (var m in inMemory)
        {
            bySeq[m.Seq] = m;
        }

        return bySeq.Values.OrderBy(m => m.Seq);
    }
}
