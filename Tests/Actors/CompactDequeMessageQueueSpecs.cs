using ActorMessenger.Actors.Mailboxes;
using Akka.Actor;
using Xunit;

namespace ActorMessenger.Tests.Actors;

public sealed class CompactDequeMessageQueueSpecs
{
    [Fact]
    public void Messages_come_out_in_order_with_stashed_ones_put_back_first()
    {
        var queue = new CompactDequeMessageQueue();
        Assert.False(queue.HasMessages);

        queue.Enqueue(ActorRefs.Nobody, new Envelope("b", ActorRefs.NoSender));
        queue.Enqueue(ActorRefs.Nobody, new Envelope("c", ActorRefs.NoSender));

        // Unstashing puts the oldest stashed message back last, so it comes out first.
        queue.EnqueueFirst(new Envelope("a2", ActorRefs.NoSender));
        queue.EnqueueFirst(new Envelope("a1", ActorRefs.NoSender));
        Assert.Equal(4, queue.Count);

        Assert.Equal(["a1", "a2", "b", "c"], Drain(queue));
        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Many_senders_at_once_lose_nothing_and_keep_each_senders_order()
    {
        const int Senders = 8;
        const int PerSender = 5_000;
        var queue = new CompactDequeMessageQueue();
        var received = new List<(int Sender, int N)>();

        var consumer = Task.Run(() =>
        {
            while (received.Count < Senders * PerSender)
            {
                if (queue.TryDequeue(out var envelope))
                {
                    received.Add(((int Sender, int N))envelope.Message);
                }
            }
        });
        Parallel.For(0, Senders, s =>
        {
            for (var n = 0; n < PerSender; n++)
            {
                queue.Enqueue(ActorRefs.Nobody, new Envelope((s, n), ActorRefs.NoSender));
            }
        });

        await consumer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Senders * PerSender, received.Count);
        foreach (var group in received.GroupBy(r => r.Sender))
        {
            Assert.Equal(Enumerable.Range(0, PerSender), group.Select(r => r.N));
        }
    }

    [Fact]
    public void Clean_up_hands_what_is_left_to_dead_letters()
    {
        var queue = new CompactDequeMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, new Envelope("x", ActorRefs.NoSender));
        queue.EnqueueFirst(new Envelope("w", ActorRefs.NoSender));
        var deadLetters = new CompactDequeMessageQueue();

        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.False(queue.HasMessages);
        Assert.Equal(["w", "x"], Drain(deadLetters));
    }

    private static List<object> Drain(CompactDequeMessageQueue queue)
    {
        var messages = new List<object>();
        while (queue.TryDequeue(out var envelope))
        {
            messages.Add(envelope.Message);
        }

        return messages;
    }
}
