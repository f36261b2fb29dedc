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
/// Every event is serialized here, before any write: one whose payload cannot be serialized is left
/// out of every connection's write and handed to <paramref name="dropped"/>. Thrown out of the outbox's
/// turn, it would restart the outbox with no connections known; inside SignalR's write, it would abort
/// each connection it was for.
/// </remarks>
public sealed class FanOutWriter(Func<string, HubConnectionContext?> find, Action<Task> observe, Action<ClientEvent, Exception> dropped)
{
    /// <param name="pending">Events in the order they came, each with the ids of the connections it is for.</param>
    public void Write(IReadOnlyCollection<KeyValuePair<ClientEvent, List<string>>> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var events = new ClientEvent[pending.Count];
        var serialized = new SerializedHubMessage[pending.Count];
        var runs = new EventRuns();
        var at = new Dictionary<HubConnectionContext, int>(ReferenceEqualityComparer.Instance);
        var index = 0;
        foreach (var (evt, connectionIds) in pending)
        {
            events[index] = evt;
            serialized[index] = new SerializedHubMessage(new InvocationMessage(evt.Name, [evt.Payload]));
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

        var shared = new Dictionary<(int Run, string Protocol), SerializedHubMessage?>();
        var failed = new HashSet<int>();
        foreach (var (connection, run) in at)
        {
            var protocol = connection.Protocol;
            if (!shared.TryGetValue((run, protocol.Name), out var message))
            {
                var written = runs.Events(run).Where(e => Serializes(e, protocol)).ToList();
                message = written.Count switch
                {
                    0 => null,
                    1 when runs.IsSingle(run) => serialized[written[0]],
                    _ => Concatenated(written, serialized, protocol),
                };
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

        // Whether event e has its bytes in this protocol (kept by its SerializedHubMessage); a failure is told once.
        bool Serializes(int e, IHubProtocol protocol)
        {
            if (failed.Contains(e))
            {
                return false;
            }

            try
            {
                serialized[e].GetSerializedMessage(protocol);
                return true;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                failed.Add(e);
                dropped(events[e], error);
                return false;
            }
        }
    }

    /// <summary>The events' bytes one after another, as the protocol frames each (JSON: a record separator after each).</summary>
    private static SerializedHubMessage Concatenated(List<int> events, SerializedHubMessage[] serialized, IHubProtocol protocol)
    {
        var parts = events.Select(e => serialized[e].GetSerializedMessage(protocol)).ToList();
        var bytes = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(bytes.AsSpan(offset));
            offset += part.Length;
        }

        return new SerializedHubMessage([new SerializedMessage(protocol.Name, bytes)]);
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
