using ActorMessenger.Actors.Chat;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>
/// A chat that does not exist is answered and then asks its shard to passivate it at once, so reads of
/// direct chats never started (or of made-up ids) leave no actor behind. A probe stands in for the shard.
/// </summary>
public sealed class UnusedChatSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    private const string Dm = "dm-1-2";

    [Fact]
    public void A_read_of_a_direct_chat_never_started_is_answered_and_the_chat_stops()
    {
        var shard = CreateTestProbe();
        var chat = shard.ChildActorOf(ChatActor.Props(Dm, Settings(), Users.Ref, Users.Ref, Writer, Db.History));
        Watch(chat);

        var page = Ask<HistoryPage>(chat, new GetHistory(Dm, 1, null, 50));
        Assert.Empty(page.Messages);

        // The shard is asked to passivate it; it then sends the stop message it was given.
        var passivate = shard.ExpectMsg<Passivate>();
        chat.Tell(passivate.StopMessage, shard.Ref);
        ExpectTerminated(chat);
        Assert.Equal(0, Db.JournalRows("chat-dm-1-2"));
    }

    [Fact]
    public void A_read_of_a_chat_that_does_not_exist_is_refused_and_the_chat_stops()
    {
        var shard = CreateTestProbe();
        var chat = shard.ChildActorOf(ChatActor.Props("g-nothing", Settings(), Users.Ref, Users.Ref, Writer, Db.History));
        Watch(chat);
        Assert.Equal(ErrorCodes.UnknownChat, Refusal(chat, new GetSummary("g-nothing", 1)));
        chat.Tell(shard.ExpectMsg<Passivate>().StopMessage, shard.Ref);
        ExpectTerminated(chat);
    }

    [Fact]
    public void A_first_post_racing_the_passivation_is_stored_and_found_after_the_chat_starts_again()
    {
        var shard = CreateTestProbe();
        var chat = shard.ChildActorOf(ChatActor.Props(Dm, Settings(), Users.Ref, Users.Ref, Writer, Db.History));
        Watch(chat);
        Ask<HistoryPage>(chat, new GetHistory(Dm, 1, null, 50));
        var passivate = shard.ExpectMsg<Passivate>();

        // The post reached the chat before the shard's stop message did.
        var accepted = Ask<MessageAccepted>(chat, Post(Dm, 1, "привет"));
        chat.Tell(passivate.StopMessage, shard.Ref);
        ExpectTerminated(chat);

        var again = StartChat(Dm);
        var page = Ask<HistoryPage>(again, new GetHistory(Dm, 2, null, 50));
        Assert.Equal(accepted.Message.Seq, Assert.Single(page.Messages).Seq);
    }

    [Fact]
    public void A_chat_made_by_its_first_message_does_not_ask_to_leave()
    {
        var shard = CreateTestProbe();
        var chat = shard.ChildActorOf(ChatActor.Props(Dm, Settings(), Users.Ref, Users.Ref, Writer, Db.History));
        Ask<MessageAccepted>(chat, Post(Dm, 1, "первое"));
        Ask<HistoryPage>(chat, new GetHistory(Dm, 2, null, 50));
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
