using ActorMessenger.Actors.Protocol;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>A block between the two members of a direct chat, as the chat keeps and enforces it.</summary>
public sealed class DirectBlockSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    private const string Dm = "dm-1-2";

    [Fact]
    public void A_blocked_user_cannot_post_nor_can_the_blocker_and_history_stays_readable()
    {
        var chat = StartChat(Dm);
        Send(chat, Dm, 1, "привет");

        Assert.Equal([2], Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, true)).BlockedBy);

        Assert.Equal(ErrorCodes.Blocked, Refusal(chat, Post(Dm, 1, "ты тут?")));
        Assert.Equal(ErrorCodes.Blocked, Refusal(chat, Post(Dm, 2, "нет")));
        Assert.Equal(ErrorCodes.Blocked, Refusal(chat, new CheckCanPost(Dm, 1)));
        var history = Ask<HistoryPage>(chat, new GetHistory(Dm, 2, null, 50));
        Assert.Equal(["привет"], history.Messages.Select(m => m.Text));
        Assert.Equal(1, Ask<ChatSummary>(chat, new GetSummary(Dm, 1)).LastSeq);
    }

    [Fact]
    public void Unblocking_lets_both_write_again()
    {
        var chat = StartChat(Dm);
        Send(chat, Dm, 1, "привет");
        Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, true));
        Assert.Equal(ErrorCodes.Blocked, Refusal(chat, Post(Dm, 1, "ты тут?")));

        Assert.Empty(Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, false)).BlockedBy);

        Assert.Equal(2, Send(chat, Dm, 1, "снова").Seq);
        Assert.Equal(3, Send(chat, Dm, 2, "да").Seq);
    }

    [Fact]
    public void A_block_before_the_first_message_stops_the_chat_from_starting_and_survives_a_restart()
    {
        var chat = StartChat(Dm);
        Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, true));
        Assert.Equal(ErrorCodes.Blocked, Refusal(chat, Post(Dm, 1, "знакомство")));
        Assert.Empty(Ask<HistoryPage>(chat, new GetHistory(Dm, 1, null, 50)).Messages);

        chat = Restart(chat, Dm);
        Assert.Equal(ErrorCodes.Blocked, Refusal(chat, Post(Dm, 1, "знакомство")));
        Assert.Equal([2], Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, true)).BlockedBy);

        Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, false));
        Assert.Equal(1, Send(chat, Dm, 1, "знакомство").Seq);
    }

    [Fact]
    public void A_block_survives_a_restart_from_a_snapshot()
    {
        var settings = Settings(snapshotEvery: 2);
        var chat = StartChat(Dm, settings);
        Send(chat, Dm, 1, "раз");
        Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 1, true));
        Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, true));
        Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, false));

        chat = Restart(chat, Dm, settings);
        Assert.Equal(ErrorCodes.Blocked, Refusal(chat, Post(Dm, 2, "два")));
        Assert.Equal([1], Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 1, true)).BlockedBy);
    }

    [Fact]
    public void Only_a_member_of_a_direct_chat_blocks_in_it()
    {
        var group = StartGroup();
        Assert.Equal(ErrorCodes.InvalidRequest, Refusal(group, new SetDirectBlock("g-team", 1, true)));
        var chat = StartChat(Dm);
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, new SetDirectBlock(Dm, 3, true)));
        Assert.Equal(1, Send(chat, Dm, 1, "привет").Seq);
    }

    [Fact]
    public void Nobody_is_told_of_typing_where_a_block_stands()
    {
        var chat = StartChat(Dm);
        Send(chat, Dm, 1, "привет");
        Ask<DirectBlockSet>(chat, new SetDirectBlock(Dm, 2, true));
        Ask<Akka.Done>(chat, new Typing(Dm, 1));
        Assert.Empty(DeliveredSoFar(chat, Dm, ClientEventNames.Typing));
    }
}
