using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>Draining the history writer at shutdown, on the real SQLite store.</summary>
public sealed class HistoryWriterDrainSpecs(ITestOutputHelper output) : StoreSpec("history-drain-specs", output)
{
    [Fact]
    public void Drain_writes_what_waits_for_the_interval_and_then_answers()
    {
        // An interval no test outlives: without the drain, the second change would wait for it.
        var writer = Sys.ActorOf(HistoryWriterActor.Props(Db.History, batchSize: 500, flushInterval: TimeSpan.FromHours(1)));
        writer.Tell(new HistoryWriterActor.Project(Change("g-drain", seq: 1)));
        ExpectMsg<HistoryProjected>(p => p.UpToUpdateSeq == 1);
        writer.Tell(new HistoryWriterActor.Project(Change("g-drain", seq: 2)));

        writer.Tell(new HistoryWriterActor.Drain());

        // The writer answers the chat first, then the one who asked for the drain.
        ExpectMsg<HistoryProjected>(p => p.UpToUpdateSeq == 2);
        ExpectMsg<HistoryWriterActor.Drained>();
        Assert.Equal(2, Db.Count("SELECT COUNT(*) FROM chat_history WHERE chat_id = 'g-drain'"));
    }

    [Fact]
    public void Drain_of_an_idle_writer_answers_at_once()
    {
        var writer = Sys.ActorOf(HistoryWriterActor.Props(Db.History, batchSize: 500, flushInterval: TimeSpan.FromHours(1)));
        writer.Tell(new HistoryWriterActor.Drain());
        ExpectMsg<HistoryWriterActor.Drained>();
    }

    private static ProjectionBatch Change(string chatId, long seq)
    {
        var message = new MessageView($"{chatId}:{seq}", chatId, seq, 1, $"text {seq}", MessageTypes.Text, DateTimeOffset.UtcNow, ClientId: null);
        return new ProjectionBatch(chatId, [message], [new UpdateRecord(seq, UpdateTypes.NewMessage, seq, Pin: null)]);
    }
}
