using ActorMessenger.Actors.Protocol;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>A deleted account's messages are deleted in every chat, as if each had been deleted by hand.</summary>
public sealed class DeleteMessagesFromSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    private const int Admin = 99;

    [Fact]
    public void Every_message_of_the_sender_is_deleted_also_those_only_the_store_holds_and_members_are_told()
    {
        // A window of two: most of the sender's messages live only in the store.
        var settings = Settings(window: 2, snapshotEvery: 4);
        var chat = StartGroup("g-gone", settings);
        var theirs = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            theirs.Add(Send(chat, "g-gone", 2, $"от удаляемого {i}").Seq);
            Send(chat, "g-gone", 3, $"ответ {i}");
        }

        Ask<ChatChanged>(chat, new Leave("g-gone", 2));
        var mine = Send(chat, "g-gone", 1, "последнее");

        var deleted = Ask<SenderMessagesDeleted>(chat, new DeleteMessagesFrom("g-gone", 2, Admin));

        Assert.Equal(6, deleted.Count);
        var told = Delivered<ChatUpdate>(3, UpdateTypes.MessageDeleted, 6);
        Assert.Equal(theirs, told.Select(u => u.Message.Seq).Order());
        Assert.All(told, u => Assert.Equal((string.Empty, Admin), (u.Message.Text, u.Message.DeletedBy!.Value)));
        AssertOnlyTheirsDeleted(chat, theirs);
        Assert.Equal("последнее", Ask<ChatSummary>(chat, new GetSummary("g-gone", 3)).LastMessage!.Text);

        // Nothing left to delete the second time; the chat is the same after a restart.
        Assert.Equal(0, Ask<SenderMessagesDeleted>(chat, new DeleteMessagesFrom("g-gone", 2, Admin)).Count);
        chat = Restart(chat, "g-gone", settings);
        AssertOnlyTheirsDeleted(chat, theirs);
        Assert.Equal(mine.Seq + 1, Send(chat, "g-gone", 3, "дальше").Seq);
    }

    private void AssertOnlyTheirsDeleted(Akka.Actor.IActorRef chat, List<long> theirs)
    {
        var history = Ask<HistoryPage>(chat, new GetHistory("g-gone", 3, null, 100)).Messages;
        Assert.All(history.Where(m => theirs.Contains(m.Seq)), m => Assert.True(m.Deleted && m.Text.Length == 0));
        Assert.All(history.Where(m => !theirs.Contains(m.Seq)), m => Assert.False(m.Deleted));
        Assert.Contains(history, m => m.System?.Action == "member_left");
    }
}
