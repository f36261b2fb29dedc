using System.Buffers;
using ActorMessenger.Actors.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// Writes what the outbox gathered: each event serialized once, and each connection given everything
/// it gets in one write, in the order the events came (a connection's messages then leave in one
/// WebSocket frame and one socket send; SignalR's clients read several messages from a frame).
/// Connections that get the same events in the same order (a channel's subscribers) share one buffer.
/// Through <c>Clients.Clients</c> each event was a write and a flush per connection, each waking the
/// connection's send loop and renting a pipe segment, and each call walked every connection of the node.
/// </summary>
/// <remarks>
/// A write of several messages counts as one for SignalR's stateful reconnect, which <c>/hub</c> does
/// not allow (its connections never acknowledge messages).
/// Every event is serialized here, outside SignalR's write: one whose payload cannot be serialized is left
/// out of every connection's write and handed to <paramref name="dropped"/>. Thrown out of the outbox's
/// turn, it would restart the outbox with no connections known; inside SignalR's write, it would abort
/// each connection it was for.
/// </remarks>
public sealed class FanOutWriter(Func<string, HubConnectionContext?> find, Action<Task> observe, Action<ClientEvent, Exception> dropped)
{
    /// <summary>A scratch buffer this large or larger is not kept for the next write.</summary>
    private const int KeptBufferBytes = 1 << 20;

    // Every event's bytes, one after another, and where each is (by protocol); reused from write to write
    // (the outbox writes one batch at a time). Each connection's bytes are copied out of it once: before,
    // each event became an array of its own and a connection given several was given a copy of them all.
    private ArrayBufferWriter<byte> _scratch = new(4096);
    private readonly Dictionary<string, (int Start, int Length)[]> _spans = new(StringComparer.Ordinal);

    // The write's bookkeeping, emptied after each write and kept for the next (at the busiest, the outbox
    // writes hundreds of times a second); made anew after a write to more connections than KeptEntries.
    private const int KeptEntries = 1024;
    private EventRuns _runs = new();
    private Dictionary<HubConnectionContext, int> _at = new(ReferenceEqualityComparer.Instance);
    private Dictionary<(int Run, string Protocol), SerializedHubMessage?> _shared = [];

    /// <param name="pending">Events in the order they came, each with the ids of the connections it is for.</param>
    public void Write(IReadOnlyCollection<KeyValuePair<ClientEvent, List<string>>> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var events = new ClientEvent[pending.Count];
        var (runs, at, shared) = (_runs, _at, _shared);
        try
        {
            _scratch.ResetWrittenCount();
            _spans.Clear();
            var index = 0;
            foreach (var (evt, connectionIds) in pending)
            {
                events[index] = evt;
                foreach (var id in connectionIds)
                {
                    if (find(id) is not { } connection)
                    {
                        continue;
                    }

                    var run = at.GetValueOrDefault(connection, EventRuns.Empty);

                    // The same connection twice for one event (two users' lists naming it) gets it once.
                    if (runs.Last(run) != index)
                    {
                        at[connection] = runs.Then(run, index);
                    }
                }

                index++;
            }

            foreach (var (connection, run) in at)
            {
                var protocol = connection.Protocol;
                if (!shared.TryGetValue((run, protocol.Name), out var message))
                {
                    message = Joined(runs.Events(run), events, protocol);
                    shared[(run, protocol.Name)] = message;
                }

                if (message is null)
                {
                    continue;
                }

                var write = connection.WriteAsync(message);
                if (!write.IsCompletedSuccessfully)
                {
                    observe(write.AsTask());
                }
            }
        }
        finally
        {
            if (_scratch.Capacity >= KeptBufferBytes)
            {
                _scratch = new(4096);
            }

            if (at.Count > KeptEntries || runs.Count > KeptEntries)
            {
                (_runs, _at, _shared) = (new(), new(ReferenceEqualityComparer.Instance), []);
            }
            else
            {
                runs.Clear();
                at.Clear();
                shared.Clear();
            }
        }
    }

    /// <summary>The events' bytes one after another, as the protocol frames each (JSON: a record separator after each); null if none could be serialized.</summary>
    private SerializedHubMessage? Joined(List<int> run, ClientEvent[] events, IHubProtocol protocol)
    {
        var spans = SpansOf(protocol, events.Length);
        var length = 0;
        foreach (var e in run)
        {
            length += Serialized(e, events, protocol, spans).Length;
        }

        if (length == 0)
        {
            return null;
        }

        var bytes = new byte[length];
        var offset = 0;
        foreach (var e in run)
        {
            var (start, count) = spans[e];
            _scratch.WrittenSpan.Slice(start, count).CopyTo(bytes.AsSpan(offset));
            offset += count;
        }

        return new SerializedHubMessage([new SerializedMessage(protocol.Name, bytes)]);
    }

    private (int Start, int Length)[] SpansOf(IHubProtocol protocol, int count)
    {
        if (!_spans.TryGetValue(protocol.Name, out var spans))
        {
            // Start -1: not serialized yet.
            spans = new (int, int)[count];
            Array.Fill(spans, (-1, 0));
            _spans[protocol.Name] = spans;
        }

        return spans;
    }

    /// <summary>
    /// Where event e's bytes in this protocol are, serializing it on first use; empty if it cannot be
    /// serialized (told once; bytes it left half written are never referred to).
    /// </summary>
    private (int Start, int Length) Serialized(int e, ClientEvent[] events, IHubProtocol protocol, (int Start, int Length)[] spans)
    {
        if (spans[e].Start >= 0)
        {
            return spans[e];
        }

        var start = _scratch.WrittenCount;
        try
        {
            protocol.WriteMessage(new InvocationMessage(events[e].Name, [events[e].Payload]), _scratch);
            spans[e] = (start, _scratch.WrittenCount - start);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            spans[e] = (start, 0);
            dropped(events[e], error);
        }

        return spans[e];
    }

    /// <summary>
    /// Sequences of event indices as nodes of a tree (a node is its parent's sequence plus one event), so
    /// that connections given the same events in the same order end on the same node, found with one
    /// lookup per delivery.
    /// </summary>
    private sealed class EventRuns
    {
        public const int Empty = -1;

        private readonly List<(int Parent, int Event)> _nodes = [];
        private readonly Dictionary<(int Parent, int Event), int> _children = [];

        public int Then(int run, int evt)
        {
            if (!_children.TryGetValue((run, evt), out var child))
            {
                child = _nodes.Count;
                _nodes.Add((run, evt));
                _children[(run, evt)] = child;
            }

            return child;
        }

        public int Count => _nodes.Count;

        public void Clear()
        {
            _nodes.Clear();
            _children.Clear();
        }

        public int Last(int run) => run == Empty ? -1 : _nodes[run].Event;

        public bool IsSingle(int run) => _nodes[run].Parent == Empty;

        public List<int> Events(int run)
        {
            var events = new List<int>();
            for (var node = run; node != Empty; node = _nodes[node].Parent)
            {
                events.Add(_nodes[node].Event);
            }

            events.Reverse();
            return events;
        }
    }
}
