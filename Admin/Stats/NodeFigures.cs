using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using static ActorMessenger.Actors.Protocol.Activities;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Stats;

/// <summary>One node's figures, fed by the activities its chats, files and outbox publish.</summary>
public sealed class NodeFigures
{
    public const int DayMinutes = 24 * 60;
    public const int RecentMessages = 100;
    public const int BusiestShown = 10;
    private const int HeatMinutes = 5;
    private const int LatencySamples = 512;

    /// <summary>Enough for the store's recent messages to learn of their deletion between two reports.</summary>
    public const int DeletedIdsKept = 10_000;

    private readonly TimeRing _posts = new(DayMinutes);
    private readonly TimeRing _postsPerSecond = new(60);
    private readonly Dictionary<string, ChatHeat> _heat = [];
    private readonly LinkedList<MessageView> _recent = new();
    private readonly Queue<string> _deletedIds = new();
    private readonly double[] _latencies = new double[LatencySamples];
    private long _latencyCount;
    private long _posted;
    private long _deleted;
    private long _directCreated;
    private long _groupsCreated;
    private long _channelsCreated;
    private long _attachments;
    private long _attachmentBytes;
    private ConnectionsNow? _connections;

    public void Apply(ChatActivity activity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        switch (activity.Change)
        {
            case Changes.Posted:
                _posted++;
                _posts.Add(TimeRing.MinuteOf(now), 1);
                _postsPerSecond.Add(now.ToUnixTimeSeconds(), 1);
                Heat(activity, TimeRing.MinuteOf(now));
                if (activity.Message is { } message)
                {
                    _recent.AddFirst(message);
                    if (_recent.Count > RecentMessages)
                    {
                        _recent.RemoveLast();
                    }
                }

                if (activity.StoredIn is { } storedIn)
                {
                    _latencies[_latencyCount++ % LatencySamples] = storedIn.TotalMilliseconds;
                }

                break;
            case Changes.Deleted:
                _deleted++;
                if (activity.Message is { } removed)
                {
                    _deletedIds.Enqueue(removed.Id);
                    if (_deletedIds.Count > DeletedIdsKept)
                    {
                        _deletedIds.Dequeue();
                    }
                }

                if (activity.Message is { } gone && _recent.FirstOrDefault(m => m.Id == gone.Id) is { } shown)
                {
                    _recent.Remove(shown);
                }

                break;
            case Changes.Cleared:
                // The panel must not go on showing what was cleared; the counts come from a recount.
                for (var node = _recent.First; node is not null;)
                {
                    var next = node.Next;
                    if (node.Value.ChatId == activity.ChatId)
                    {
                        _recent.Remove(node);
                    }

                    node = next;
                }

                break;
            case Changes.Created when activity.Kind == ChatKind.Direct:
                _directCreated++;
                break;
            case Changes.Created when activity.Kind == ChatKind.Group:
                _groupsCreated++;
                break;
            case Changes.Created:
                _channelsCreated++;
                break;
        }
    }

    public void Apply(AttachmentActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _attachments += activity.Count;
        _attachmentBytes += activity.Bytes;
    }

    public void Apply(ConnectionsNow connections) => _connections = connections;

    /// <summary>
    /// The node's figures now. <paramref name="nodeActors"/> are this node's long-lived actors whose
    /// queues are worth watching; the busiest chats' queues come with them.
    /// </summary>
    public NodeStats Report(string node, DateTimeOffset now, IEnumerable<(string Name, IActorRef Actor)> nodeActors)
    {
        var minute = TimeRing.MinuteOf(now);
        foreach (var stale in _heat.Where(h => h.Value.Total(minute) == 0).Select(h => h.Key).ToList())
        {
            _heat.Remove(stale);
        }

        var busiest = _heat
            .Select(h => (Id: h.Key, h.Value, Total: h.Value.Total(minute)))
            .OrderByDescending(h => h.Total)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .Take(BusiestShown)
            .Select(h => new HotChat(h.Id, h.Value.Kind.ToString().ToLowerInvariant(), h.Total, DepthOf(h.Value.Chat)))
            .ToList();

        var actors = nodeActors.Concat(_connections is { } c ? [("outbox", c.Outbox)] : [])
            .Select(a => new MailboxDepth(a.Name, DepthOf(a.Actor) ?? 0))
            .ToList();

        return new NodeStats(
            node,
            _posted,
            _deleted,
            _directCreated,
            _groupsCreated,
            _channelsCreated,
            _attachments,
            _attachmentBytes,
            _connections?.Connections ?? 0,
            _connections?.Users ?? 0,
            [.. _posts.NonZero(minute).Select(p => new MinuteCount(p.Slot, p.Count))],
            busiest,
            actors,
            Journal(now.ToUnixTimeSeconds()),
            [.. _recent],
            [.. _deletedIds]);
    }

    /// <summary>Messages waiting in a local actor's mailbox; unknown for an actor on another node.</summary>
    public static int? DepthOf(IActorRef actor) => actor is ActorRefWithCell local ? local.Underlying.NumberOfMessages : null;

    private JournalFigures Journal(long second)
    {
        var count = (int)Math.Min(_latencyCount, LatencySamples);
        var sorted = _latencies.Take(count).Order().ToArray();
        double At(double q) => count == 0 ? 0 : sorted[Math.Min(count - 1, (int)Math.Ceiling(q * count) - 1)];
        return new JournalFigures(_latencyCount, At(0.5), At(0.99), _postsPerSecond.NonZero(second).Sum(s => s.Count));
    }

    private void Heat(ChatActivity activity, long minute)
    {
        if (!_heat.TryGetValue(activity.ChatId, out var heat))
        {
            heat = new ChatHeat(activity.Kind, activity.Chat);
            _heat[activity.ChatId] = heat;
        }

        heat.Chat = activity.Chat;
        heat.Counts.Add(minute, 1);
    }

    private sealed class ChatHeat(ChatKind kind, IActorRef chat)
    {
        public ChatKind Kind { get; } = kind;

        public IActorRef Chat { get; set; } = chat;

        public TimeRing Counts { get; } = new(HeatMinutes);

        public long Total(long minute) => Counts.NonZero(minute).Sum(c => c.Count);
    }
}
