using ActorMessenger.Actors;
using ActorMessenger.Actors.Mailboxes;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Sharding;
using ActorMessenger.Actors.User;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.SessionProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>
/// Sharding stops an entity it hands over to another node with <see cref="HandOffStop"/>: commands the
/// entity had already taken (gathered into a batch, stashed while persisting) are all answered and
/// stored before it stops, and its next incarnation starts from them.
/// </summary>
public sealed class HandOffSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    private const string Chat = "dm-1-2";

    [Fact]
    public void A_chat_handed_over_mid_burst_answers_and_stores_every_post_it_had_taken()
    {
        var chat = StartChat(Chat);
        Watch(chat);
        for (var i = 1; i <= 40; i++)
        {
            chat.Tell(Post(Chat, 1 + (i % 2), $"m{i}"), TestActor);
        }

        chat.Tell(HandOffStop.Instance, TestActor);
        var accepted = Enumerable.Range(0, 40).Select(_ => ExpectMsg<MessageAccepted>().Message.Seq).ToList();
        ExpectTerminated(chat);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), accepted.Order());

        var again = StartChat(Chat);
        again.Tell(new GetHistory(Chat, 1, null, 50), TestActor);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"m{i}"), ExpectMsg<HistoryPage>().Messages.Select(m => m.Text));
    }

    [Fact]
    public void A_user_entity_handed_over_while_persisting_answers_every_session_it_had_taken()
    {
        const int userId = 7;
        var user = Sys.ActorOf(UserSessionActor.Props(userId, MessengerSettings.Default, Users.Ref, Users.Ref, Users.Ref, Users.Ref).WithMailbox(CompactDequeMailbox.Id));
        Watch(user);
        for (var i = 0; i < 10; i++)
        {
            user.Tell(new StartSession(userId, $"device {i}", null, DateTimeOffset.UtcNow.AddDays(1)), TestActor);
        }

        user.Tell(HandOffStop.Instance, TestActor);
        var started = Enumerable.Range(0, 10).Select(_ => ExpectMsg<SessionStarted>().Session.Id).ToList();
        ExpectTerminated(user);
        Assert.Equal(10, started.Distinct().Count());

        var again = Sys.ActorOf(UserSessionActor.Props(userId, MessengerSettings.Default, Users.Ref, Users.Ref, Users.Ref, Users.Ref).WithMailbox(CompactDequeMailbox.Id));
        again.Tell(new ListSessions(userId), TestActor);
        Assert.Equal(started.Order(), ExpectMsg<SessionList>().Sessions.Select(s => s.Id).Order());
    }
}
