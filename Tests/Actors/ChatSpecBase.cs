using ActorMessenger.Actors;
using ActorMessenger.Actors.Chat;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Sharding;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>
/// A chat actor on a real store (SQLite files unless another store is given), with a probe standing in
/// for the user entities (it confirms membership notices as they would) and the real history writer.
/// </summary>
public abstract class ChatSpecBase : StoreSpec
{
    protected ChatSpecBase(ITestOutputHelper output, SpecStore? store = null)
        : base("chat-specs", output, store)
    {
        Users = CreateTestProbe("users");
        Users.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is UserProtocol.MembershipNotice notice)
            {
                sender.Tell(new UserProtocol.MembershipRecorded(notice.UserId, notice.ChatId, notice.IsMember));
            }

            return AutoPilot.KeepRunning;
        }));
        Writer = Sys.ActorOf(HistoryWriterActor.Props(Db.History, 100, MessengerSettings.Default.HistoryFlushInterval), "history-writer");
    }

    protected TestProbe Users { get; }

    protected IActorRef Writer { get; }

    protected static MessengerSettings Settings(int window = 500, int snapshotEvery = 500) =>
        MessengerSettings.Default with { RecentWindow = window, SnapshotEvery = snapshotEvery, TypingInterval = TimeSpan.FromSeconds(30) };

    protected IActorRef StartChat(string chatId, MessengerSettings? settings = null) =>
        Sys.ActorOf(ChatActor.Props(chatId, settings ?? Settings(), Users.Ref, Users.Ref, Writer, Db.History));

    /// <summary>
    /// Stops the chat as its shard does (behind any write still in flight: a PoisonPill stopped it with
    /// one on its way, which then reached the journal after the new incarnation had replayed, and the new
    /// one's next event collided with it) and starts it again.
    /// </summary>
    protected IActorRef Restart(IActorRef chat, string chatId, MessengerSettings? settings = null)
    {
        Watch(chat);
        chat.Tell(HandOffStop.Instance);
        ExpectTerminated(chat);
        return StartChat(chatId, settings);
    }

    protected static PostMessage Post(string chatId, int sender, string text, string? clientId = null) =>
        new(chatId, sender, text, MessageTypes.Text, clientId, OriginConnectionId: null, CreateDirect: true);

    protected MessageView Send(IActorRef chat, string chatId, int sender, string text) =>
        Ask<MessageAccepted>(chat, Post(chatId, sender, text)).Message;

    protected T Ask<T>(IActorRef actor, object message)
    {
        actor.Tell(message, TestActor);
        return ExpectMsg<T>();
    }

    protected string Refusal(IActorRef actor, object message) => Ask<Rejected>(actor, message).Code;

    /// <summary>Creates a group owned by 1 with members 2 and 3.</summary>
    protected IActorRef StartGroup(string chatId = "g-team", MessengerSettings? settings = null)
    {
        var chat = StartChat(chatId, settings);
        Ask<ChatCreatedReply>(chat, new CreateChat(chatId, ChatKind.Group, 1, "Команда", null, null, false, [2, 3]));
        return chat;
    }

    /// <summary>Found again by reference, so it must arrive as sent, also when every message is serialized.</summary>
    private sealed class Marker : INoSerializationVerificationNeeded;

    /// <summary>All live deliveries of one event to one user, as seen so far by the user probe.</summary>
    protected List<T> Delivered<T>(int userId, string eventName, int expected)
    {
        var found = new List<T>();
        Users.FishForMessage(
            m =>
            {
                if (m is DeliverToUsers d && d.UserIds.Contains(userId) && d.Event.Name == eventName)
                {
                    found.Add((T)d.Event.Payload);
                }

                return found.Count >= expected;
            },
            TimeSpan.FromSeconds(10));
        return found;
    }

    /// <summary>
    /// Every live delivery of one event that the chat has made so far. A query answered by the chat
    /// comes after everything it handled before, and a marker sent after that answer reaches the
    /// probe behind every delivery made until then: nothing here waits for a quiet period.
    /// </summary>
    protected List<DeliverToUsers> DeliveredSoFar(IActorRef chat, string chatId, string eventName)
    {
        chat.Tell(new CheckMember(chatId, 1), TestActor);
        ExpectMsg<object>();
        var marker = new Marker();
        Users.Ref.Tell(marker);
        var found = new List<DeliverToUsers>();
        Users.FishForMessage(
            m =>
            {
                if (m is DeliverToUsers d && d.Event.Name == eventName)
                {
                    found.Add(d);
                }

                return ReferenceEquals(m, marker);
            },
            TimeSpan.FromSeconds(10));
        return found;
    }
}
