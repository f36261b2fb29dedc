using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorMessenger.Actors.Mailboxes;

/// <summary>
/// A message queue for actors that are many and mostly idle (one user entity per online user). The
/// default queue starts with a 32-slot segment, about 1 KiB, before its first message; this one starts
/// empty and grows with use. One lock instead of lock-free slots: such an actor sees a few messages a
/// minute, never the contention the default queue is built for. Supports stashing (messages put back
/// at the front), as persistent actors need.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "Akka names its queues so: a message queue is what this is.")]
public sealed class CompactDequeMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    // A burst can grow the queue; once drained, a queue beyond this is let go rather than kept.
    private const int KeptCapacity = 16;

    private readonly Lock _gate = new();
    private Queue<Envelope> _queue = new();
    private Stack<Envelope>? _front;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_gate)
        {
            _queue.Enqueue(envelope);
            _count++;
        }
    }

    public void EnqueueFirst(Envelope envelope)
    {
        lock (_gate)
        {
            (_front ??= new Stack<Envelope>()).Push(envelope);
            _count++;
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_gate)
        {
            if (_front is { Count: > 0 } front)
            {
                envelope = front.Pop();
            }
            else if (!_queue.TryDequeue(out envelope))
            {
                return false;
            }

            if (--_count == 0)
            {
                LetGoOfBurstCapacity();
            }

            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }

    private void LetGoOfBurstCapacity()
    {
        if (_queue.EnsureCapacity(0) > KeptCapacity)
        {
            _queue = new Queue<Envelope>();
        }

        _front = null;
    }
}
