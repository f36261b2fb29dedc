using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>The history writer on the real SQLite store, with its transactions counted.</summary>
public sealed class HistoryWriterActorSpecs(ITestOutputHelper output) : SqliteSpec("history-writer-specs", output)
{
    [Fact]
    public void Changes_arriving_within_the_flush_interval_share_one_transaction()
    {
        var store = new CountingStore(Db.History);
        var writer = Sys.ActorOf(HistoryWriterActor.Props(store, batchSize: 500, flushInterval: TimeSpan.FromSeconds(1)));

        // The first change goes at once (the writer was idle)...
        writer.Tell(new HistoryWriterActor.Project(Change("g-1", seq: 1)));
        ExpectMsg<HistoryProjected>(p => p.ChatId == "g-1");

        // ...and although it is idle again, the next 40 wait out the interval and go together.
        for (var chat = 2; chat <= 41; chat++)
        {
            writer.Tell(new HistoryWriterActor.Project(Change($"g-{chat}", seq: 1)));
        }

        var projected = ReceiveN(40, TimeSpan.FromSeconds(10)).Cast<HistoryProjected>().Append(new HistoryProjected("g-1", 1)).ToList();
        Assert.Equal(41, projected.Select(p => p.ChatId).Distinct().Count());
        Assert.Equal(2, store.Transactions);
        Assert.Equal(41, Db.Count("SELECT COUNT(*) FROM chat_history"));
    }

    [Fact]
    public void A_full_batch_does_not_wait_for_the_interval()
    {
        var store = new CountingStore(Db.History);
        var writer = Sys.ActorOf(HistoryWriterActor.Props(store, batchSize: 10, flushInterval: TimeSpan.FromMinutes(5)));

        for (var seq = 1; seq <= 31; seq++)
        {
            writer.Tell(new HistoryWriterActor.Project(Change("g-busy", seq)));
        }

        // 1 at once, then 30 in full batches of 10, long before five minutes.
        var last = ReceiveN(4, TimeSpan.FromSeconds(10)).Cast<HistoryProjected>().Max(p => p.UpToUpdateSeq);
        Assert.Equal(31, last);
        Assert.Equal(4, store.Transactions);
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

    /// <summary>The real store, counting its write transactions; the first <paramref name="failFirst"/> fail as a locked disk would.</summary>
    private sealed class CountingStore(IMessageHistoryStore inner, int failFirst = 0) : IMessageHistoryStore
    {
        private int _transactions;

        public int Transactions => Volatile.Read(ref _transactions);

        public Task ApplyAsync(IReadOnlyList<ProjectionBatch> batches, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _transactions) <= failFirst
                ? Task.FromException(new IOException("disk I/O error (test)"))
                : inner.ApplyAsync(batches, cancellationToken);

        public Task<IReadOnlyList<MessageView>> PageAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default) => inner.PageAsync(chatId, beforeSeq, limit, cancellationToken);

        public Task<IReadOnlyList<MessageView>> GetManyAsync(string chatId, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default) => inner.GetManyAsync(chatId, seqs, cancellationToken);

        public Task<IReadOnlyList<UpdateRecord>> UpdatesAsync(string chatId, long afterUpdateSeq, int limit, CancellationToken cancellationToken = default) => inner.UpdatesAsync(chatId, afterUpdateSeq, limit, cancellationToken);

        public Task<long> MaxUpdateSeqAsync(string chatId, CancellationToken cancellationToken = default) => inner.MaxUpdateSeqAsync(chatId, cancellationToken);

        public Task<IReadOnlyList<MessageView>> SearchAsync(IReadOnlyCollection<string> chatIds, string query, int limit, CancellationToken cancellationToken = default) => inner.SearchAsync(chatIds, query, limit, cancellationToken);

        public Task<IReadOnlyList<ChatInfo>> SearchChannelsAsync(string query, int limit, CancellationToken cancellationToken = default) => inner.SearchChannelsAsync(query, limit, cancellationToken);
    }
}
