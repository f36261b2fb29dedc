using ActorMessenger.Actors.Protocol;
using ActorMessenger.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>An admin clears a chat's history: the chat is empty for everyone, stays so, and goes on numbering.</summary>
public class ClearHistorySpecs : ChatSpecBase
{
    public ClearHistorySpecs(ITestOutputHelper output)
        : this(output, null)
    {
    }

    protected ClearHistorySpecs(ITestOutputHelper output, SpecStore? store)
        : base(output, store)
    {
    }

    private const int Admin = 99;

    [Fact]
    public void Clearing_empties_the_chat_keeps_its_members_and_numbering_and_tells_every_member()
    {
        var chat = StartGroup("g-clear");
        var first = Send(chat, "g-clear", 2, "первое");
        Send(chat, "g-clear", 3, "второе");
        Ask<Updated>(chat, new Pin("g-clear", 1, first.Seq, true));
        var before = Ask<ChatSummary>(chat, new GetSummary("g-clear", 2));

        var cleared = Ask<HistoryClearedReply>(chat, new ClearHistory("g-clear", Admin));

        Assert.Equal(before.LastSeq, cleared.UpToSeq);
        Assert.Equal(before.LastSeq, cleared.Messages);
        var told = Delivered<ChatClearedEvent>(3, ClientEventNames.ChatCleared, 1).Single();
        Assert.Equal(new ChatClearedEvent("g-clear", before.LastUpdateSeq + 1, before.LastSeq, told.ClearedAt), told);
        Assert.Empty(Ask<HistoryPage>(chat, new GetHistory("g-clear", 2, null, 50)).Messages);
        Assert.Empty(Ask<PinnedMessages>(chat, new GetPins("g-clear", 2)).Pins);
        var summary = Ask<ChatSummary>(chat, new GetSummary("g-clear", 3));
        Assert.Null(summary.LastMessage);
        Assert.Equal(0, summary.UnreadCount);
        Assert.Equal(3, summary.Info.MemberCount);
        Assert.Equal("message_deleted", Refusal(chat, new EditMessage("g-clear", 2, first.Seq, "правка")));
        Assert.Equal("message_deleted", Refusal(chat, new GetMessage("g-clear", 2, first.Seq)));

        // A cursor from before the clear learns of it and gets nothing older; one after it, nothing.
        var catchUp = Ask<UpdatesPage>(chat, new GetUpdates("g-clear", 2, 1, 100));
        Assert.Equal(told, catchUp.Cleared);
        Assert.Empty(catchUp.Updates);
        Assert.False(catchUp.HasMore);
        Assert.Null(Ask<UpdatesPage>(chat, new GetUpdates("g-clear", 2, told.UpdateSeq, 100)).Cleared);

        // The chat goes on: the next message takes the next seq, unread counts start from the clear.
        var next = Send(chat, "g-clear", 2, "после очистки");
        Assert.Equal(cleared.UpToSeq + 1, next.Seq);
        Assert.Equal(1, Ask<ChatSummary>(chat, new GetSummary("g-clear", 3)).UnreadCount);
        var page = Ask<UpdatesPage>(chat, new GetUpdates("g-clear", 3, 0, 100));
        Assert.Equal(told, page.Cleared);
        Assert.Equal([next.Seq], page.Updates.Select(u => u.Message.Seq));
        Assert.Equal([next.Seq], Ask<HistoryPage>(chat, new GetHistory("g-clear", 3, null, 50)).Messages.Select(m => m.Seq));
    }

    [Fact]
    public void A_clear_with_nothing_new_to_clear_stores_and_tells_nothing()
    {
        var chat = StartGroup("g-twice");
        Send(chat, "g-twice", 2, "раз");
        var once = Ask<HistoryClearedReply>(chat, new ClearHistory("g-twice", Admin));
        var summary = Ask<ChatSummary>(chat, new GetSummary("g-twice", 2));

        var twice = Ask<HistoryClearedReply>(chat, new ClearHistory("g-twice", Admin));

        Assert.Equal(0, twice.Messages);
        Assert.Equal(once.UpToSeq, twice.UpToSeq);
        Assert.Equal(summary.LastUpdateSeq, Ask<ChatSummary>(chat, new GetSummary("g-twice", 2)).LastUpdateSeq);
        Assert.Single(DeliveredSoFar(chat, "g-twice", ClientEventNames.ChatCleared));
    }

    [Fact]
    public async Task A_cleared_chat_is_still_empty_after_a_restart_and_the_store_has_forgotten_its_messages()
    {
        // A small window and frequent snapshots: most messages live only in the store and in snapshots.
        var settings = Settings(window: 2, snapshotEvery: 3);
        var chat = StartGroup("g-restart", settings);
        for (var i = 0; i < 8; i++)
        {
            Send(chat, "g-restart", 1 + (i % 3), $"тайнаочистки {i}");
        }

        var cleared = Ask<HistoryClearedReply>(chat, new ClearHistory("g-restart", Admin));

        // Answered once the read model has forgotten them.
        Assert.Empty(await Db.History.PageAsync("g-restart", long.MaxValue, 100));
        Assert.Empty(await Db.History.SearchAsync(["g-restart"], "тайнаочистки", 10));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM chat_updates WHERE chat_id = 'g-restart' AND update_seq < (SELECT max(update_seq) FROM chat_updates WHERE chat_id = 'g-restart')"));

        chat = Restart(chat, "g-restart", settings);

        Assert.Empty(Ask<HistoryPage>(chat, new GetHistory("g-restart", 2, null, 50)).Messages);
        var summary = Ask<ChatSummary>(chat, new GetSummary("g-restart", 2));
        Assert.Null(summary.LastMessage);
        Assert.Equal(0, summary.UnreadCount);
        Assert.Equal(cleared.UpToSeq, summary.LastSeq);
        Assert.NotNull(Ask<UpdatesPage>(chat, new GetUpdates("g-restart", 2, 0, 100)).Cleared);
        Assert.Equal(cleared.UpToSeq + 1, Send(chat, "g-restart", 3, "снова").Seq);

        // And again from the events alone (the chat's snapshots gone): the same chat.
        Watch(chat);
        chat.Tell(Akka.Actor.PoisonPill.Instance, TestActor);
        ExpectTerminated(chat);
        Db.DeleteSnapshots("chat-g-restart");
        chat = StartChat("g-restart", settings);
        Assert.Equal(0, Db.SnapshotRows("chat-g-restart"));
        Assert.Equal([cleared.UpToSeq + 1], Ask<HistoryPage>(chat, new GetHistory("g-restart", 2, null, 50)).Messages.Select(m => m.Seq));
    }

    [Fact]
    public void Messages_sent_around_a_clear_are_either_cleared_whole_or_kept_whole()
    {
        var chat = StartGroup("g-race");
        for (var i = 0; i < 6; i++)
        {
            chat.Tell(Post("g-race", 2, $"до или после {i}", $"c{i}"), TestActor);
        }

        chat.Tell(new ClearHistory("g-race", Admin), TestActor);
        for (var i = 6; i < 12; i++)
        {
            chat.Tell(Post("g-race", 2, $"до или после {i}", $"c{i}"), TestActor);
        }

        var replies = ReceiveN(13).ToList();
        var upTo = replies.OfType<HistoryClearedReply>().Single().UpToSeq;
        var accepted = replies.OfType<MessageAccepted>().Select(a => a.Message).ToList();
        Assert.Equal(12, accepted.Count);

        // Every message acknowledged after the clear point is there as sent; every one before it is gone.
        var history = Ask<HistoryPage>(chat, new GetHistory("g-race", 2, null, 50)).Messages;
        Assert.Equal(accepted.Where(m => m.Seq > upTo).Select(m => (m.Seq, m.Text)), history.Select(m => (m.Seq, m.Text)));
        Assert.All(accepted.Where(m => m.Seq <= upTo), m => Assert.DoesNotContain(history, h => h.Seq == m.Seq));
    }
}
