using System.Collections.Concurrent;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// One lane per connection that has sent something, keeping that connection's sends and their
/// <c>message_sent</c> events in order (see <c>MessengerHub.InOrder</c>). Made on the first send and
/// dropped when the connection closes, so a connection that only listens costs nothing here.
/// </summary>
public sealed class SendGates
{
    private readonly ConcurrentDictionary<string, SendLane> _lanes = new(StringComparer.Ordinal);

    /// <param name="connectionAborted">Also drops the lane: a send racing the close cannot leave one behind.</param>
    public SendLane For(string connectionId, CancellationToken connectionAborted)
    {
        if (_lanes.TryGetValue(connectionId, out var lane))
        {
            return lane;
        }

        lane = _lanes.GetOrAdd(connectionId, static _ => new SendLane());
        connectionAborted.Register(static state =>
        {
            var (gates, id) = ((SendGates, string))state!;
            gates.Forget(id);
        }, (this, connectionId));
        return lane;
    }

    public int Count => _lanes.Count;

    /// <remarks>Not disposed: a send still waiting on it when the connection drops must not throw on a disposed gate.</remarks>
    public void Forget(string connectionId) => _lanes.TryRemove(connectionId, out _);
}

/// <summary>
/// A connection's sends: <see cref="Gate"/> lets one at a time hand its post to a chat, and each takes
/// a <see cref="Turn"/> there, so that its confirmation goes out after the previous send's.
/// </summary>
public sealed class SendLane
{
    private Task _last = Task.CompletedTask;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The next turn; call only while holding <see cref="Gate"/>, in send order.</summary>
    public Turn TakeTurn()
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = _last;
        _last = mine.Task;
        return new Turn(previous, mine);
    }

    /// <summary>Wait for <see cref="Previous"/>, confirm, then call <see cref="Done"/> (also when the send failed).</summary>
    public readonly struct Turn(Task previous, TaskCompletionSource mine)
    {
        public Task Previous => previous;

        /// <summary>Ends this turn once the previous one has ended: a failed send that never waited keeps the order too.</summary>
        public void Done() =>
            previous.ContinueWith(static (_, state) => ((TaskCompletionSource)state!).TrySetResult(), mine, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
