using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Actors.Chat;

/// <summary>
/// Everything a chat actor knows. Messages and updates live in memory while recent or not yet in the
/// history store; older ones are read from the store. Every client-visible change gets the next
/// update sequence number as it is applied, so replay gives the same numbers.
/// </summary>
public sealed class ChatState(string chatId, int rememberedPerSender)
{
    private readonly Dictionary<int, MemberEntry> _members = [];
    private readonly SortedDictionary<long, SnapshotMessage> _messages = [];
    private readonly List<UpdateRecord> _updates = [];
    private readonly List<PinView> _pins = [];
    private readonly Dictionary<int, long> _readPositions = [];
    private readonly Dictionary<int, ClientIdMemory> _clientIds = [];
    private readonly HashSet<int> _pendingNotices = [];
    private readonly List<string> _retiredInvites = [];
    private readonly HashSet<int> _blockedBy = [];

    /// <summary>How many replaced invite secrets are remembered, to answer invite_revoked rather than invalid_invite.</summary>
    public const int RememberedRetiredInvites = 32;

    public string ChatId { get; } = chatId;

    public bool Exists { get; private set; }

    public ChatKind Kind { get; private set; }

    public string? Title { get; private set; }

    public string? Description { get; private set; }

    public string? Icon { get; private set; }

    public bool IsPublic { get; private set; }

    /// <summary>The current invite; null once revoked, until one is asked for again.</summary>
    public ChatInvite? Invite { get; private set; }

    /// <summary>Secrets of invites that were replaced or revoked, newest last.</summary>
    public IReadOnlyList<string> RetiredInvites => _retiredInvites;

    public DateTimeOffset CreatedAt { get; private set; }

    public long LastSeq { get; private set; }

    public long LastUpdateSeq { get; private set; }

    /// <summary>The chat's last clear by an admin, if any: messages up to its seq are gone.</summary>
    public ClearPoint? Cleared { get; private set; }

    /// <summary>Every message up to this seq was cleared (0: none).</summary>
    public long ClearedUpToSeq => Cleared?.UpToSeq ?? 0;

    public IReadOnlyDictionary<int, MemberEntry> Members => _members;

    public IEnumerable<int> MemberIds => _members.Keys;

    /// <summary>Pinned messages, newest pin first.</summary>
    public IReadOnlyList<PinView> Pins => _pins;

    /// <summary>Users whose entity has not yet confirmed their current membership of this chat.</summary>
    public IReadOnlyCollection<int> PendingNotices => _pendingNotices;

    /// <summary>In a direct chat, the members who block the other (known even before its first message).</summary>
    public IReadOnlyCollection<int> BlockedBy => _blockedBy;

    public int OwnerId => _members.Values.FirstOrDefault(m => m.Role == ChatRoles.Owner)?.UserId ?? 0;

    public bool IsMember(int userId) => _members.ContainsKey(userId);

    public string? RoleOf(int userId) => _members.TryGetValue(userId, out var m) ? m.Role : null;

    public bool IsManager(int userId) => RoleOf(userId) is ChatRoles.Owner or ChatRoles.Admin;

    public ChatInfo Info => new(ChatId, Kind, Title, Description, Icon, IsPublic, OwnerId, _members.Count, CreatedAt);

    public long ReadSeq(int userId) => _readPositions.GetValueOrDefault(userId);

    /// <summary>
    /// How far the other members have read, as far as <paramref name="userId"/> may know it (the
    /// highest position among those whose <c>messages_read</c> reaches them; a channel's subscribers
    /// hear only their own): what lets a client show read ticks after a reload.
    /// </summary>
    public long OthersReadSeq(int userId) =>
        Kind == ChatKind.Channel && !IsManager(userId)
            ? 0
            : _readPositions.Where(p => p.Key != userId && _members.ContainsKey(p.Key)).Select(p => p.Value).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Everything after a member's read position was sent by others (sending marks the chat read);
    /// cleared messages are not there to read.
    /// </summary>
    public long Unread(int userId) => Math.Max(0, LastSeq - Math.Max(ReadSeq(userId), ClearedUpToSeq));

    public MessageView? LastMessage => _messages.TryGetValue(LastSeq, out var last) ? last.Message : null;

    public bool TryGetMessage(long seq, out MessageView message)
    {
        var found = _messages.TryGetValue(seq, out var entry);
        message = entry?.Message!;
        return found;
    }

    public IEnumerable<MessageView> MessagesBelow(long beforeSeq) =>
        _messages.Where(kv => kv.Key < beforeSeq).Select(kv => kv.Value.Message);

    public bool HoldsAllMessages(long fromSeq, long toSeq)
    {
        // Cleared messages are held by nobody: there is nothing to fetch for them.
        for (var s = Math.Max(ClearedUpToSeq + 1, fromSeq); s <= toSeq; s++)
        {
            if (!_messages.ContainsKey(s))
            {
                return false;
            }
        }

        return true;
    }

    public IEnumerable<UpdateRecord> UpdatesAfter(long updateSeq) => _updates.Where(u => u.UpdateSeq > updateSeq);

    public long OldestUpdateInMemory => _updates.Count > 0 ? _updates[0].UpdateSeq : LastUpdateSeq + 1;

    public long? SeqOfClientId(int senderId, string clientId) =>
        _clientIds.TryGetValue(senderId, out var memory) && memory.TryGet(clientId, out var seq) ? seq : null;

    /// <summary>A message read from the store for a command on it: authoritative until changed again.</summary>
    public void RememberLoaded(MessageView message) =>
        _messages.TryAdd(message.Seq, new SnapshotMessage(message, 0));

    /// <summary>Applies an event; returns the update it made visible to clients, if any.</summary>
    public UpdateRecord? Apply(IPersisted evt)
    {
        switch (evt)
        {
            case ChatCreated created:
                Exists = true;
                Kind = created.Kind;
                Title = created.Title;
                Description = created.Description;
                Icon = created.Icon;
                IsPublic = created.IsPublic;
                Invite = created.InviteSecret is { } secret ? new ChatInvite(secret, null, null, 0) : null;
                CreatedAt = created.At;
                foreach (var member in created.Members)
                {
                    _members[member.UserId] = member;
                    _pendingNotices.Add(member.UserId);
                }

                return created.SystemMessage is { } intro ? Post(intro) : null;
            case MessagePosted posted:
                return Post(posted.Message);
            case MessageChanged changed:
                return Change(changed.Message, changed.Change);
            case PinChanged pin:
                _pins.RemoveAll(p => p.Seq == pin.Seq);
                var view = new PinView(pin.Seq, pin.By, pin.At);
                if (pin.Pinned)
                {
                    _pins.Insert(0, view);
                }

                return AddUpdate(pin.Pinned ? UpdateTypes.MessagePinned : UpdateTypes.MessageUnpinned, pin.Seq, view);
            case MembershipChanged membership:
                foreach (var member in membership.Upserted)
                {
                    if (!_members.ContainsKey(member.UserId))
                    {
                        _pendingNotices.Add(member.UserId);
                    }

                    _members[member.UserId] = member;
                }

                foreach (var removed in membership.Removed)
                {
                    if (_members.Remove(removed))
                    {
                        _pendingNotices.Add(removed);
                        _readPositions.Remove(removed);
                    }
                }

                if (membership.ByInvite is { } used && Invite is { } invite && invite.Secret == used)
                {
                    Invite = invite with { Uses = invite.Uses + 1 };
                }

                // Group members follow each other's presence: everyone's list of peers changed.
                if (Kind == ChatKind.Group)
                {
                    _pendingNotices.UnionWith(_members.Keys);
                }

                return membership.SystemMessage is { } note ? Post(note) : null;
            case InfoChanged info:
                Title = info.Title ?? Title;
                Description = info.Description ?? Description;
                Icon = info.Icon ?? Icon;
                return Post(info.SystemMessage);
            case InviteChanged changed:
                if (Invite is { } old && old.Secret != changed.Secret)
                {
                    _retiredInvites.Add(old.Secret);
                    if (_retiredInvites.Count > RememberedRetiredInvites)
                    {
                        _retiredInvites.RemoveAt(0);
                    }
                }

                Invite = changed.Secret is { } next ? new ChatInvite(next, changed.ExpiresAt, changed.MaxUses, changed.Uses) : null;
                return null;
            case HistoryCleared cleared:
                return Clear(cleared);
            case ReadPositionAdvanced read:
                _readPositions[read.UserId] = Math.Max(ReadSeq(read.UserId), read.Seq);
                return null;
            case MembersNotified notified:
                _pendingNotices.ExceptWith(notified.Members);
                return null;
            case DirectBlockChanged block:
                if (block.Blocked)
                {
                    _blockedBy.Add(block.By);
                }
                else
                {
                    _blockedBy.Remove(block.By);
                }

                return null;
            case ChatSnapshot snapshot:
                Restore(snapshot);
                return null;
            default:
                throw new ArgumentException($"Not a chat event: {evt.GetType().Name}", nameof(evt));
        }
    }

    /// <summary>Members who get a chat's live events: in a channel only managers hear read receipts.</summary>
    public IEnumerable<int> ReadReceiptAudience(int reader) =>
        Kind == ChatKind.Channel ? _members.Keys.Where(m => m == reader || IsManager(m)) : _members.Keys;

    /// <summary>Messages and updates the history store does not hold yet.</summary>
    public (List<MessageView> Messages, List<UpdateRecord> Updates) Unprojected(long projectedUpdateSeq) =>
        ([.. _messages.Values.Where(e => e.ChangedAt > projectedUpdateSeq).Select(e => e.Message)],
         [.. _updates.Where(u => u.UpdateSeq > projectedUpdateSeq)]);

    /// <summary>
    /// Keeps the newest <paramref name="window"/> messages and updates, and everything the store does
    /// not hold yet; forgets the rest.
    /// </summary>
    public void Trim(int window, long projectedUpdateSeq)
    {
        if (_messages.Count > window)
        {
            var keepFrom = LastSeq - window + 1;
            // Keys are in order: only the part below the window is looked at, not the whole window each time.
            foreach (var seq in _messages.TakeWhile(kv => kv.Key < keepFrom).Where(kv => kv.Value.ChangedAt <= projectedUpdateSeq).Select(kv => kv.Key).ToList())
            {
                _messages.Remove(seq);
            }
        }

        var excess = _updates.Count - window;
        if (excess > 0)
        {
            var removable = _updates.Take(excess).TakeWhile(u => u.UpdateSeq <= projectedUpdateSeq).Count();
            _updates.RemoveRange(0, removable);
        }
    }

    /// <summary>
    /// The state to save. Messages and updates the store holds (changed at or below
    /// <paramref name="projectedUpdateSeq"/>) stay out, all but the newest <paramref name="keepNewest"/>
    /// of each (the page a member sees on opening the chat, served from memory after a restart): saving
    /// the whole recent window with every snapshot serialized each message a second time.
    /// <paramref name="storeHoldsUpTo"/> is recorded for recovery to check the store against.
    /// </summary>
    public ChatSnapshot ToSnapshot(long projectedUpdateSeq, long storeHoldsUpTo, int keepNewest) => new(
        new ChatSnapshotInfo(ChatId, Kind, Title, Description, Icon, IsPublic, Invite?.Secret, CreatedAt, Invite?.ExpiresAt, Invite?.MaxUses, Invite?.Uses ?? 0, [.. _retiredInvites]),
        [.. _members.Values],
        LastSeq,
        LastUpdateSeq,
        [.. _messages.Values.Where(e => e.ChangedAt > projectedUpdateSeq || e.Message.Seq > LastSeq - Math.Max(1, keepNewest))],
        [.. _updates.Where(u => u.UpdateSeq > Math.Min(projectedUpdateSeq, LastUpdateSeq - keepNewest))],
        [.. _pins],
        new Dictionary<int, long>(_readPositions),
        [.. _clientIds.SelectMany(kv => kv.Value.Entries.Select(e => new SentClientId(kv.Key, e.ClientId, e.Seq)))],
        [.. _pendingNotices],
        Cleared,
        _blockedBy.Count == 0 ? null : [.. _blockedBy],
        Math.Max(projectedUpdateSeq, storeHoldsUpTo));

    private UpdateRecord Post(MessageView message)
    {
        LastSeq = message.Seq;
        _readPositions[message.SenderId] = message.Seq;
        if (message.ClientId is { } clientId)
        {
            RememberClientId(message.SenderId, clientId, message.Seq);
        }

        var update = AddUpdate(UpdateTypes.NewMessage, message.Seq, null);
        _messages[message.Seq] = new SnapshotMessage(message, update.UpdateSeq);
        return update;
    }

    /// <summary>
    /// Forgets every message, pin and remembered client id; members, roles, invites and read positions
    /// stay. The clear takes the next update number, so cursors stay valid; the update is kept only to
    /// number it (and for the store to learn how far it got), never served.
    /// </summary>
    private UpdateRecord Clear(HistoryCleared cleared)
    {
        _messages.Clear();
        _updates.Clear();
        _pins.Clear();
        _clientIds.Clear();
        var update = AddUpdate(UpdateTypes.ChatCleared, cleared.UpToSeq, null);
        Cleared = new ClearPoint(cleared.UpToSeq, update.UpdateSeq, cleared.At);
        return update;
    }

    private UpdateRecord Change(MessageView message, string type)
    {
        var update = AddUpdate(type, message.Seq, null);
        _messages[message.Seq] = new SnapshotMessage(message, update.UpdateSeq);
        if (message.Deleted)
        {
            _pins.RemoveAll(p => p.Seq == message.Seq);
        }

        return update;
    }

    private UpdateRecord AddUpdate(string type, long seq, PinView? pin)
    {
        var update = new UpdateRecord(++LastUpdateSeq, type, seq, pin);
        _updates.Add(update);
        return update;
    }

    private void Restore(ChatSnapshot s)
    {
        Exists = true;
        (_, Kind, Title, Description, Icon, IsPublic, var inviteSecret, CreatedAt, var expiresAt, var maxUses, var uses, var retired) = s.Info;
        Invite = inviteSecret is null ? null : new ChatInvite(inviteSecret, expiresAt, maxUses, uses);
        _retiredInvites.Clear();
        _retiredInvites.AddRange(retired ?? []);
        LastSeq = s.LastSeq;
        LastUpdateSeq = s.LastUpdateSeq;
        _members.Clear();
        foreach (var m in s.Members)
        {
            _members[m.UserId] = m;
        }

        _messages.Clear();
        foreach (var m in s.Messages)
        {
            _messages[m.Message.Seq] = m;
        }

        _updates.Clear();
        _updates.AddRange(s.Updates);
        _pins.Clear();
        _pins.AddRange(s.Pins);
        _readPositions.Clear();
        foreach (var (user, seq) in s.ReadPositions)
        {
            _readPositions[user] = seq;
        }

        _clientIds.Clear();
        foreach (var sent in s.RecentClientIds.OrderBy(x => x.Seq))
        {
            RememberClientId(sent.SenderId, sent.ClientId, sent.Seq);
        }

        _pendingNotices.Clear();
        _pendingNotices.UnionWith(s.PendingNotices);
        Cleared = s.Cleared;
        _blockedBy.Clear();
        _blockedBy.UnionWith(s.BlockedBy ?? []);
    }

    private void RememberClientId(int senderId, string clientId, long seq)
    {
        if (!_clientIds.TryGetValue(senderId, out var memory))
        {
            memory = new ClientIdMemory(rememberedPerSender);
            _clientIds[senderId] = memory;
        }

        memory.Add(clientId, seq);
    }

    /// <summary>The last N client ids of one sender, oldest forgotten first.</summary>
    private sealed class ClientIdMemory(int capacity)
    {
        private readonly Dictionary<string, long> _bySeq = new(StringComparer.Ordinal);
        private readonly Queue<(string ClientId, long Seq)> _order = new();

        public IEnumerable<(string ClientId, long Seq)> Entries => _order;

        public bool TryGet(string clientId, out long seq) => _bySeq.TryGetValue(clientId, out seq);

        public void Add(string clientId, long seq)
        {
            if (!_bySeq.TryAdd(clientId, seq))
            {
                return;
            }

            _order.Enqueue((clientId, seq));
            while (_order.Count > capacity)
            {
                _bySeq.Remove(_order.Dequeue().ClientId);
            }
        }
    }
}

/// <summary>A chat's invite: its secret, and when and after how many joins it stops working (null: never).</summary>
public sealed record ChatInvite(string Secret, DateTimeOffset? ExpiresAt, int? MaxUses, int Uses)
{
    public bool ExpiredAt(DateTimeOffset now) => ExpiresAt is { } end && now >= end;

    public bool UsedUp => MaxUses is { } max && Uses >= max;
}
