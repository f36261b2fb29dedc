using System.Diagnostics;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Event;

namespace ActorMessenger.Actors.History;

/// <summary>
/// One per node: batches chat changes into the history store so that many chats writing at once
/// cost one transaction per batch, and tells each chat how far its projection has come. Batches
/// start at most once per flush interval unless a full batch is waiting: each commit rewrites the
/// touched pages and the full-text index's newest segment, so a few large transactions cost far
/// less than many small ones. Nobody waits on this: messages are delivered and acknowledged once
/// journaled, and chats serve what is not yet projected from memory.
/// </summary>
public sealed class HistoryWriterActor : ReceiveActor, IWithTimers
{
    private readonly IMessageHistoryStore _store;
    private readonly int _batchSize;
    private readonly TimeSpan _interval;
    private long? _lastFlushStarted;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<(IActorRef Chat, ProjectionBatch Work)> _pending = [];
    private readonly List<IActorRef> _drainers = [];
    private bool _flushing;
    private bool _waitingToRetry;

    public HistoryWriterActor(IMessageHistoryStore store, int batchSize, TimeSpan flushInterval)
    {
        _store = store;
        _batchSize = Math.Max(1, batchSize);
        _interval = flushInterval;

        Receive<Project>(p =>
        {
            _pending.Add((Sender, p.Batch));
            FlushSoon();
        });
        Receive<Flushed>(f =>
        {
            _flushing = false;
            foreach (var (chat, chatId, upTo) in f.Done)
            {
                chat.Tell(new ChatProtocol.HistoryProjected(chatId, upTo));
            }

            // Files go with the last message referring to them: whoever keeps figures hears of it.
            if (f.Result.FilesRemoved > 0)
            {
                Context.System.EventStream.Publish(new Activities.AttachmentActivity(-f.Result.FilesRemoved, -f.Result.BytesRemoved));
            }

            FlushSoon();
            AnswerDrainers();
        });
        Receive<FlushFailed>(f =>
        {
            _flushing = false;
            _log.Error(f.Cause, "History batch of {0} writes failed; retrying", f.Batch.Count);
            _pending.InsertRange(0, f.Batch);
            _waitingToRetry = true;
            Timers.StartSingleTimer(Retry.Instance, Retry.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<Retry>(_ =>
        {
            _waitingToRetry = false;
            FlushSoon();
        });
        Receive<FlushDue>(_ => FlushSoon());
        Receive<Drain>(_ =>
        {
            _drainers.Add(Sender);
            FlushSoon();
            AnswerDrainers();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IMessageHistoryStore store, int batchSize, TimeSpan flushInterval) =>
        Akka.Actor.Props.Create(() => new HistoryWriterActor(store, batchSize, flushInterval));

    /// <summary>Store these changes of one chat; answered with <see cref="ChatProtocol.HistoryProjected"/>.</summary>
    public sealed record Project(ProjectionBatch Batch);

    /// <summary>
    /// Write everything waiting now, without waiting for the interval; answered with
    /// <see cref="Drained"/> once nothing is left. Sent when the node shuts down: chats re-project
    /// what is missing only when they next start, and until then search and history pages would miss it.
    /// </summary>
    public sealed record Drain;

    public sealed record Drained;

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed record Flushed(IReadOnlyList<(IActorRef Chat, string ChatId, long UpToUpdateSeq)> Done, ProjectionResult Result) : INoSerializationVerificationNeeded;

    private sealed record FlushFailed(Exception Cause, IReadOnlyList<(IActorRef Chat, ProjectionBatch Work)> Batch) : INoSerializationVerificationNeeded;

    private sealed class Retry : INoSerializationVerificationNeeded
    {
        public static readonly Retry Instance = new();
    }

    private sealed class FlushDue : INoSerializationVerificationNeeded
    {
        public static readonly FlushDue Instance = new();
    }

    private void FlushSoon()
    {
        if (_flushing || _waitingToRetry || _pending.Count == 0)
        {
            return;
        }

        // Measured from the last flush, not from the machine's boot: the first change goes at once.
        var wait = _lastFlushStarted is { } started ? _interval - Stopwatch.GetElapsedTime(started) : TimeSpan.Zero;
        if (_pending.Count < _batchSize && wait > TimeSpan.Zero && _drainers.Count == 0)
        {
            if (!Timers.IsTimerActive(FlushDue.Instance))
            {
                Timers.StartSingleTimer(FlushDue.Instance, FlushDue.Instance, wait);
            }

            return;
        }

        Timers.Cancel(FlushDue.Instance);
        _lastFlushStarted = Stopwatch.GetTimestamp();

        var take = Math.Min(_pending.Count, _batchSize);
        var batch = _pending.GetRange(0, take);
        _pending.RemoveRange(0, take);
        _flushing = true;

        var done = batch
            .Where(b => b.Work.Updates.Count > 0)
            .GroupBy(b => (b.Chat, b.Work.ChatId))
            .Select(g => (g.Key.Chat, g.Key.ChatId, g.SelectMany(x => x.Work.Updates).Max(u => u.UpdateSeq)))
            .ToList();

        _store.ApplyAsync([.. batch.Select(b => b.Work)]).PipeTo(
            Self,
            success: result => new Flushed(done, result),
            failure: ex => new FlushFailed(ex, batch));
    }

    private void AnswerDrainers()
    {
        if (_pending.Count == 0 && !_flushing)
        {
            _drainers.ForEach(d => d.Tell(new Drained()));
            _drainers.Clear();
        }
    }
}
