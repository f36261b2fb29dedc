using ActorMessenger.Actors.Protocol;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

public sealed class ReactionSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    private const string Dm = "dm-1-2";

    [Theory]
    [InlineData("👍👍")]
    [InlineData("да")]
    [InlineData("é")]
    [InlineData("👍 ")]
    public void Anything_but_one_emoji_is_refused_and_changes_nothing(string emoji)
    {
        var chat = StartChat(Dm);
        var m = Send(chat, Dm, 1, "ура");
        Assert.Equal(ErrorCodes.InvalidEmoji, Refusal(chat, new ToggleReaction(Dm, 2, m.Seq, emoji)));
        Assert.Null(Ask<MessageFound>(chat, new GetMessage(Dm, 2, m.Seq)).Message.Reactions);
    }

    [Fact]
    public void A_deleted_message_answers_message_deleted_as_edit_delete_and_pin_do()
    {
        var chat = StartChat(Dm);
        var m = Send(chat, Dm, 1, "ушло");
        Ask<Updated>(chat, new DeleteMessage(Dm, 1, m.Seq));
        Assert.Equal(ErrorCodes.MessageDeleted, Refusal(chat, new ToggleReaction(Dm, 2, m.Seq, "👍")));
        Assert.Equal(ErrorCodes.MessageDeleted, Refusal(chat, new EditMessage(Dm, 1, m.Seq, "снова")));
        Assert.Equal(ErrorCodes.MessageDeleted, Refusal(chat, new Pin(Dm, 1, m.Seq, true)));
    }

    [Fact]
    public void A_system_message_takes_no_reactions()
    {
        var group = StartGroup();
        Assert.Equal(ErrorCodes.InvalidRequest, Refusal(group, new ToggleReaction("g-team", 2, 1, "👍")));
    }
}
