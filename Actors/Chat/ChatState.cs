using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Actors.Chat;

/// <summary>
/// What a chat actor knows: members, the last sequence number, each member's read position, the
/// newest messages (every message not yet in the history store stays here) and the client ids
/// recently used by each sender, which make retries idempotent.
/// </summary>
public sealed class ChatState
{
    private readonly LinkedList<MessageView> _recent = new();
    private readonly Dictionary<int, long> _readPositions = [];
    private readonly Dictionary<int, ClientIdMemory> _clientIds = [];
    private readonly HashSet<int> _unnotified = [];
    private readonly int _rememberedPerSender;

    public ChatState(string chatId, int rememberedPerSender)
    {
        ChatId = chatId;
        _rememberedPerSender = rememberedPerSender;
    }

    public string ChatId { get; }

    public bool Exists { get; private set; }

    public ChatKind Kind { get; private set; }

    public IReadOnlyList<int> Members { get; private set; } = [];

    public long LastSeq { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Members whose user entity has not yet confirmed this chat in its chat list.</summary>
    public IReadOnlyCollection<int> UnnotifiedMembers => _unnotified;

    public IEnumerable<MessageView> Recent => _recent;

    public long OldestRecentSeq => _recent.First?.Value.Seq ?? LastSeq + 1;

    public bool IsMember(int userId) => Members.Contains(userId);

    public long ReadSeq(int userId) => _readPositions.GetValueOrDefault(userId);

    /// <summary>Everything after a member's read position was sent by others: sending marks the chat read.</summary>
    public long Unread(int userId) => Math.Max(0, LastSeq - ReadSeq(userId));

    public MessageView? FindRecent(long seq) => seq >= OldestRecentSeq ? _recent.FirstOrDefault(m => m.Seq == seq) : null;

    public long? SeqOfClientId(int senderId, string clientId) =>
        _clientIds.TryGetValue(senderId, out var memory) && memory.TryGet(clientId, out var seq) ? seq : null;

    public void Apply(IPersisted evt)
    {
        switch (evt)
        {
            case ChatCreated created:
                Exists = true;
                Kind = created.Kind;
                Members = created.Members;
                CreatedAt = created.At;
                _unnotified.UnionWith(created.Members);
                break;
            case MembersNotified notified:
                _unnotified.ExceptWith(notified.Members);
                break;
            case MessagePosted posted:
                var message = posted.Message;
                LastSeq = message.Seq;
                _recent.AddLast(message);
                _readPositions[message.SenderId] = message.Seq;
                if (message.ClientId is { } clientId)
                {
                    RememberClientId(message.SenderId, clientId, message.Seq);
                }

                break;
            case ReadPositionAdvanced read:
                _readPositions[read.UserId] = Math.Max(ReadSeq(read.UserId), read.Seq);
                break;
            case ChatSnapshot snapshot:
                Restore(snapshot);
                break;
            default:
                throw new ArgumentException($"Not a chat event: {evt.GetType().Name}", nameof(evt));
        }
    }

    /// <summary>
    /// Drops the oldest in-memory messages beyond <paramref name="window"/>, but never one the
    /// history store does not hold yet.
    /// </summary>
    public void Trim(int window, long projectedSeq)
    {
        while (_recent.Count > window && _recent.First is { } first && first.Value.Seq <= projectedSeq)
        {
            _recent.RemoveFirst();
        }
    }

    public ChatSnapshot ToSnapshot() => new(
        ChatId,
        Kind,
        Members,
        LastSeq,
        [.. _recent],
        new Dictionary<int, long>(_readPositions),
        [.. _clientIds.SelectMany(kv => kv.Value.Entries.Select(e => new SentClientId(kv.Key, e.ClientId, e.Seq)))],
        CreatedAt,
        [.. _unnotified]);

    private void Restore(ChatSnapshot snapshot)
    {
        Exists = true;
        Kind = snapshot.Kind;
        Members = snapshot.Members;
        LastSeq = snapshot.LastSeq;
        CreatedAt = snapshot.CreatedAt;
        _recent.Clear();
        foreach (var message in snapshot.Recent)
        {
            _recent.AddLast(message);
        }

        _readPositions.Clear();
        foreach (var (user, seq) in snapshot.ReadPositions)
        {
            _readPositions[user] = seq;
        }

        _unnotified.Clear();
        _unnotified.UnionWith(snapshot.UnnotifiedMembers ?? []);
        _clientIds.Clear();
        foreach (var sent in snapshot.RecentClientIds.OrderBy(s => s.Seq))
        {
            RememberClientId(sent.SenderId, sent.ClientId, sent.Seq);
        }
    }

    private void RememberClientId(int senderId, string clientId, long seq)
    {
        if (!_clientIds.TryGetValue(senderId, out var memory))
        {
            memory = new ClientIdMemory(_rememberedPerSender);
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
