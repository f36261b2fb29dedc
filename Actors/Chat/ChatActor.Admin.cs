using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>What an admin does to a chat's history: clear it, or delete everything a deleted user sent.</summary>
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
            SaveChatSnapshot();
        });
    }

    /// <summary>
    /// Deletes every message the sender sent here: those in memory and those only the store holds
    /// (read while other commands wait, so none is missed or deleted twice), in one journal write.
    /// </summary>
    private void Handle(DeleteMessagesFrom cmd)
    {
        if (!Exists())
        {
            return;
        }

        var replyTo = Sender;
        var chatId = _state.ChatId;
        var inMemory = _state.MessagesBelow(long.MaxValue).Select(m => m.Seq).ToHashSet();
        async Task<IReadOnlyList<MessageView>> StoredOnly()
        {
            var seqs = (await _history.SeqsFromAsync(chatId, cmd.SenderId).ConfigureAwait(false)).Where(s => !inMemory.Contains(s)).ToList();
            return seqs.Count == 0 ? [] : await _history.GetManyAsync(chatId, seqs).ConfigureAwait(false);
        }

        StoredOnly().PipeTo(Self, success: found => new SenderMessagesLoaded(found), failure: ex => new SenderMessagesLoaded(null));
        Become(() =>
        {
            Command<SenderMessagesLoaded>(loaded =>
            {
                Become(Ready);
                Stash.UnstashAll();
                if (loaded.Stored is null)
                {
                    replyTo.Tell(new Rejected(ErrorCodes.Unavailable, "The chat's history could not be read; try again."));
                    return;
                }

                DeleteAllOf(cmd, loaded.Stored, replyTo);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void DeleteAllOf(DeleteMessagesFrom cmd, IReadOnlyList<MessageView> storedOnly, IActorRef replyTo)
    {
        var deletions = _state.MessagesBelow(long.MaxValue)
            .Concat(storedOnly)
            .Where(m => m.SenderId == cmd.SenderId && m.System is null && !m.Deleted && m.Seq > _state.ClearedUpToSeq)
            .DistinctBy(m => m.Seq)
            .OrderBy(m => m.Seq)
            .Select(m => Deletion(m, cmd.ActorId))
            .ToList();
        if (deletions.Count == 0)
        {
            replyTo.Tell(new SenderMessagesDeleted(_state.ChatId, 0));
            return;
        }

        var left = deletions.Count;
        PersistAll(deletions, e => OnPersisted(
            e,
            _ =>
            {
                if (--left == 0)
                {
                    replyTo.Tell(new SenderMessagesDeleted(_state.ChatId, deletions.Count));
                }
            },
            null,
            null));
    }

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed record SenderMessagesLoaded(IReadOnlyList<MessageView>? Stored) : INoSerializationVerificationNeeded;

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
