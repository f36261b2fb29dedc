using ActorMessenger.Actors.Protocol;
using Akka;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>What docs/protocol.md used to leave open, as the chat actor now decides it.</summary>
public sealed class OpenQuestionSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    [Fact]
    public void Pinning_a_pinned_message_stores_and_pushes_nothing_and_answers_with_update_seq_0()
    {
        var group = StartGroup();
        var m = Send(group, "g-team", 2, "важное");
        var pinned = Ask<Updated>(group, new Pin("g-team", 1, m.Seq, true)).Update;
        var again = Ask<Updated>(group, new Pin("g-team", 1, m.Seq, true)).Update;

        Assert.Equal(0, again.UpdateSeq);
        Assert.Equal(UpdateTypes.MessagePinned, again.Type);
        Assert.Equal(pinned.Pin, again.Pin);
        Assert.Single(DeliveredSoFar(group, "g-team", UpdateTypes.MessagePinned));
        Assert.Equal(pinned.UpdateSeq, Ask<UpdatesPage>(group, new GetUpdates("g-team", 2, 0, 100)).LastUpdateSeq);
        Assert.Equal(0, Ask<Updated>(group, new Pin("g-team", 1, m.Seq - 1, false)).Update.UpdateSeq);
    }

    [Fact]
    public void Typing_in_a_channel_is_answered_and_reaches_nobody()
    {
        var channel = StartChat("c-quiet");
        Ask<ChatCreatedReply>(channel, new CreateChat("c-quiet", ChatKind.Channel, 1, "Тихий", null, null, true, []));
        Ask<ChatChanged>(channel, new Join("c-quiet", 2, null));
        Ask<Done>(channel, new Typing("c-quiet", 1));
        Ask<Done>(channel, new Typing("c-quiet", 2));
        Assert.Empty(DeliveredSoFar(channel, "c-quiet", ClientEventNames.Typing));
    }

    [Fact]
    public void System_messages_count_as_unread_like_any_other()
    {
        var group = StartGroup();
        Assert.Equal(1, Ask<ChatSummary>(group, new GetSummary("g-team", 2)).UnreadCount);
        Ask<ChatChanged>(group, new AddMembers("g-team", 1, [4]));
        Assert.Equal(2, Ask<ChatSummary>(group, new GetSummary("g-team", 2)).UnreadCount);
        Assert.Equal(0, Ask<ChatSummary>(group, new GetSummary("g-team", 1)).UnreadCount);
    }
}
