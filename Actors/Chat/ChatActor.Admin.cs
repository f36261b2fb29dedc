using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>What an admin does to a chat's history: clear it.</summary>
public sealed partial class ChatActor
{
    // Clears stored but not yet gone from the read model: each is answered once the store has caught up with it.
    private readonly List<(IActorRef ReplyTo, long AtUpdateSeq, HistoryClearedReply Reply)> _clearsAwaitingStore = [];

    private void Handle(ClearHistory cmd)
    {
        if (!Exists())
        {
            return;
        }

        var replyTo = Sender;
        var before = _state.ClearedUpToSeq;
        if (_state.LastSeq == before)
        {
            // Nothing since the last clear: nothing is stored, nobody is told.
            replyTo.Tell(new HistoryClearedReply(_state.ChatId, before, 0, LastSequenceNr));
            return;
        }

        Persist(new HistoryCleared(_state.LastSeq, cmd.ActorId, DateTimeOffset.UtcNow), e =>
        {
            var record = _state.Apply(e)!;
            var point = _state.Cleared!;
            Deliver(_state.MemberIds, new ClientEvent(ClientEventNames.ChatCleared, new ChatClearedEvent(_state.ChatId, point.AtUpdateSeq, point.UpToSeq, point.At)), null);
            _historyWriter.Tell(new HistoryWriterActor.Project(new ProjectionBatch(_state.ChatId, [], [record], Clear: point)));
            _clearsAwaitingStore.Add((replyTo, point.AtUpdateSeq, new HistoryClearedReply(_state.ChatId, point.UpToSeq, point.UpToSeq - before, LastSequenceNr)));
            PublishActivity(e);

            // A snapshot at once: recovery starts from the cleared state, and the older snapshots,
            // which hold the messages, are deleted once it is stored.
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state.ToSnapshot());
        });
    }

    /// <summary>Answers the clears the read model has caught up with.</summary>
    private void AnswerStoredClears()
    {
        foreach (var clear in _clearsAwaitingStore.Where(c => c.AtUpdateSeq <= _projectedUpdateSeq).ToList())
        {
            clear.ReplyTo.Tell(clear.Reply);
            _clearsAwaitingStore.Remove(clear);
        }
    }
}
