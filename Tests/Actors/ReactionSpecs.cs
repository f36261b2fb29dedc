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
    public void A_message_takes_a_bounded_number_of_reactions_and_kinds_whatever_the_chat_size_and_taking_one_back_always_works()
    {
        var settings = Settings() with { MaxReactionKindsPerMessage = 2, MaxReactionsPerMessage = 3 };
        var group = StartGroup(settings: settings);
        var m = Send(group, "g-team", 1, "голосуем");
        foreach (var user in new[] { 1, 2, 3 })
        {
            Ask<Updated>(group, new ToggleReaction("g-team", user, m.Seq, "👍"));
        }

        // The fourth reaction of the message is refused, whoever adds it, and nothing changes.
        Assert.Equal(ErrorCodes.InvalidEmoji, Refusal(group, new ToggleReaction("g-team", 1, m.Seq, "🎉")));
        Assert.Equal([1, 2, 3], Ask<MessageFound>(group, new GetMessage("g-team", 1, m.Seq)).Message.Reactions!["👍"]);

        // Taking one back works at the bound, and makes room.
        Ask<Updated>(group, new ToggleReaction("g-team", 2, m.Seq, "👍"));
        Ask<Updated>(group, new ToggleReaction("g-team", 1, m.Seq, "🎉"));

        // A third kind is refused while two are there; one of those two is still welcome.
        Ask<Updated>(group, new ToggleReaction("g-team", 3, m.Seq, "👍"));
        Assert.Equal(ErrorCodes.InvalidEmoji, Refusal(group, new ToggleReaction("g-team", 2, m.Seq, "😂")));
        var reactions = Ask<Updated>(group, new ToggleReaction("g-team", 2, m.Seq, "🎉")).Update.Message.Reactions!;
        Assert.Equal(["👍", "🎉"], reactions.Keys);
        Assert.Equal([1, 2], reactions["🎉"]);

        // The bound holds after recovery: it is decided from the message, not from memory of the toggles.
        var again = Restart(group, "g-team", settings);
        Assert.Equal(ErrorCodes.InvalidEmoji, Refusal(again, new ToggleReaction("g-team", 3, m.Seq, "😂")));
    }

    [Fact]
    public void A_system_message_takes_no_reactions()
    {
        var group = StartGroup();
        Assert.Equal(ErrorCodes.InvalidRequest, Refusal(group, new ToggleReaction("g-team", 2, 1, "👍")));
    }
}
