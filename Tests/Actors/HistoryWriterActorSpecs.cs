using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>The history writer on a real store (SQLite here, PostgreSQL in <see cref="HistoryWriterActorSpecsOnPostgres"/>), with its transactions counted.</summary>
public class HistoryWriterActorSpecs : StoreSpec
{
    public HistoryWriterActorSpecs(ITestOutputHelper output)
        : this(output, null)
    {
    }

    protected HistoryWriterActorSpecs(ITestOutputHelper output, SpecStore? store)
        : base("history-writer-specs", output, store)
    {
    }

    [Fact]
    public void Changes_arriving_within_the_flush_interval_share_one_transaction()
    {
        // The first transaction is held open until the next 40 changes have reached the writer, so
        // the spec does not depend on how fast they arrive: whenever the interval ends, they go together.
        var store = new CountingStore(Db.History, holdFirst: true);
        var writer = Sys.ActorOf(HistoryWriterActor.Props(store, batchSize: 500, flushInterval: TimeSpan.FromMilliseconds(200)));

        // The first change goes at once (the writer was idle)...
        writer.Tell(new HistoryWriterActor.Project(Change("g-1", seq: 1)));
        Assert.True(store.FirstStarted.Wait(TimeSpan.FromSeconds(30)));

        // ...and the next 40, arriving while it is written, go together after it.
        for (var chat = 2; chat <= 41; chat++)
        {
            writer.Tell(new HistoryWriterActor.Project(Change($"g-{chat}", seq: 1)));
        }

        store.ReleaseFirst();
        var projected = ReceiveN(41, TimeSpan.FromSeconds(30)).Cast<HistoryProjected>().ToList();
        Assert.Equal(41, projected.Select(p => p.ChatId).Distinct().Count());
        Assert.Equal([1, 40], store.BatchSizes);
        Assert.Equal(41, Db.Count("SELECT COUNT(*) FROM chat_history"));
    }

    [Fact]
    public void A_full_batch_does_not_wait_for_the_interval()
    {
        // With a five-minute interval, only full batches can go before it ends: every change is
        // projected long before that, in batches of at most ten (how they split is up to the writer).
        var store = new CountingStore(Db.History);
        var writer = Sys.ActorOf(HistoryWriterActor.Props(store, batchSize: 10, flushInterval: TimeSpan.FromMinutes(5)));

        for (var seq = 1; seq <= 31; seq++)
        {
            writer.Tell(new HistoryWriterActor.Project(Change("g-busy", seq)));
        }

        FishForMessage<HistoryProjected>(p => p.UpToUpdateSeq == 31, TimeSpan.FromMinutes(1));
        Assert.Equal(31, store.BatchSizes.Sum());
        Assert.All(store.BatchSizes, size => Assert.InRange(size, 1, 10));
        Assert.Equal(31, Db.Count("SELECT COUNT(*) FROM chat_history WHERE chat_id = 'g-busy'"));
    }

    [Fact]
    public void A_failed_transaction_is_retried_and_then_reported()
    {
        var store = new CountingStore(Db.History, failFirst: 1);
        var writer = Sys.ActorOf(HistoryWriterActor.Props(store, batchSize: 500, flushInterval: TimeSpan.FromMilliseconds(20)));

        writer.Tell(new HistoryWriterActor.Project(Change("g-retry", seq: 1)));

        Assert.Equal(1, ExpectMsg<HistoryProjected>(TimeSpan.FromSeconds(10)).UpToUpdateSeq);
        Assert.Equal(2, store.Transactions);
        Assert.Equal(1, Db.Count("SELECT COUNT(*) FROM chat_history WHERE chat_id = 'g-retry'"));
    }

    private static ProjectionBatch Change(string chatId, long seq)
    {
        var message = new MessageView($"{chatId}:{seq}", chatId, seq, 1, $"text {seq}", MessageTypes.Text, DateTimeOffset.UtcNow, ClientId: null);
        return new ProjectionBatch(chatId, [message], [new UpdateRecord(seq, UpdateTypes.NewMessage, seq, Pin: null)]);
    }

    /// <summary>
    /// The real store, counting its write transactions and their sizes; the first <paramref name="failFirst"/>
    /// fail as a locked disk would; with <paramref name="holdFirst"/> the first waits for <see cref="ReleaseFirst"/>.
    /// </summary>
    private sealed class CountingStore(IMessageHistoryStore inner, int failFirst = 0, bool holdFirst = false) : IMessageHistoryStore
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<int> _sizes = [];
        private int _transactions;

        public int Transactions => Volatile.Read(ref _transactions);

        public ManualResetEventSlim FirstStarted { get; } = new();

        public IReadOnlyList<int> BatchSizes
        {
            get
            {
                lock (_sizes)
                {
                    return [.. _sizes];
                }
            }
        }

        public void ReleaseFirst() => _release.TrySetResult();

        public async Task<ProjectionResult> ApplyAsync(IReadOnlyList<ProjectionBatch> batches, CancellationToken cancellationToken = default)
        {
            var number = Interlocked.Increment(ref _transactions);
            if (number == 1)
            {
                FirstStarted.Set();
                if (holdFirst)
                {
                    await _release.Task;
                }
            }

            if (number <= failFirst)
            {
                throw new IOException("disk I/O error (test)");
            }

            var result = await inner.ApplyAsync(batches, cancellationToken);
            lock (_sizes)
            {
                _sizes.Add(batches.Sum(b => b.Updates.Count));
            }

            return result;
        }

        public Task<IReadOnlyList<MessageView>> PageAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default) => inner.PageAsync(chatId, beforeSeq, limit, cancellationToken);

        public Task<IReadOnlyList<MessageView>> GetManyAsync(string chatId, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default) => inner.GetManyAsync(chatId, seqs, cancellationToken);

        public Task<IReadOnlyList<UpdateRecord>> UpdatesAsync(string chatId, long afterUpdateSeq, int limit, CancellationToken cancellationToken = default) => inner.UpdatesAsync(chatId, afterUpdateSeq, limit, cancellationToken);

        public Task<long> MaxUpdateSeqAsync(string chatId, CancellationToken cancellationToken = default) => inner.MaxUpdateSeqAsync(chatId, cancellationToken);

        public Task<IReadOnlyList<long>> SeqsFromAsync(string chatId, int senderId, CancellationToken cancellationToken = default) => inner.SeqsFromAsync(chatId, senderId, cancellationToken);

        public Task<IReadOnlyList<string>> ChatsWithMessagesFromAsync(int senderId, CancellationToken cancellationToken = default) => inner.ChatsWithMessagesFromAsync(senderId, cancellationToken);

        public Task<IReadOnlyList<MessageView>> SearchAsync(IReadOnlyCollection<string> chatIds, string query, int limit, CancellationToken cancellationToken = default) => inner.SearchAsync(chatIds, query, limit, cancellationToken);

        public Task<IReadOnlyList<ChatInfo>> SearchChannelsAsync(string query, int limit, CancellationToken cancellationToken = default) => inner.SearchChannelsAsync(query, limit, cancellationToken);
    }
}
