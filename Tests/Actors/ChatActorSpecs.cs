using ActorMessenger.Actors;
using ActorMessenger.Actors.Chat;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Sharding;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>The chat actor: ordering, idempotent retries, recovery from snapshots and events, its read model (SQLite here, PostgreSQL in <see cref="ChatActorSpecsOnPostgres"/>).</summary>
public class ChatActorSpecs : ChatSpecBase
{
    public ChatActorSpecs(ITestOutputHelper output)
        : this(output, null)
    {
    }

    protected ChatActorSpecs(ITestOutputHelper output, SpecStore? store)
        : base(output, store)
    {
    }

    private const string Chat = "dm-1-2";

    private IActorRef StartChat(MessengerSettings? settings = null) => StartChat(Chat, settings);

    private static PostMessage Post(int sender, string text, string? clientId = null, string chatId = Chat) => Post(chatId, sender, text, clientId);

    private void Restart(ref IActorRef chat, MessengerSettings? settings = null) => chat = Restart(chat, Chat, settings);

    [Fact]
    public void First_message_creates_the_direct_chat_and_tells_both_members()
    {
        var chat = StartChat();
        chat.Tell(Post(1, "привет"));
        var accepted = ExpectMsg<MessageAccepted>();
        Assert.Equal(1, accepted.Message.Seq);
        Assert.Equal("dm-1-2:1", accepted.Message.Id);
        Assert.False(accepted.Duplicate);

        var joins = Users.ReceiveN(2).OfType<UserProtocol.MembershipNotice>().ToList();
        Assert.Equal([1, 2], joins.Select(j => j.UserId).Order());
        Assert.All(joins, j => Assert.Equal(Chat, j.ChatId));
        Assert.Equal([2], joins.Single(j => j.UserId == 1).Peers);
    }

    [Fact]
    public void Chat_list_notices_are_repeated_until_each_member_confirms_even_across_a_restart()
    {
        var users = CreateTestProbe();
        var settings = Settings();
        var chat = Sys.ActorOf(ChatActor.Props(Chat, settings, users.Ref, users.Ref, Writer, Db.History));
        chat.Tell(Post(1, "hi"));
        ExpectMsg<MessageAccepted>();
        var first = users.ReceiveN(3).OfType<UserProtocol.MembershipNotice>().ToList();
        Assert.Equal([1, 2], first.Select(j => j.UserId).Order());
        chat.Tell(new UserProtocol.MembershipRecorded(1, Chat, true));

        // Member 2 never confirmed: it hears again, and again after the chat restarts.
        users.FishForMessage<UserProtocol.MembershipNotice>(j => j.UserId == 2, TimeSpan.FromSeconds(10));
        Watch(chat);
        chat.Tell(PoisonPill.Instance);
        ExpectTerminated(chat);
        chat = Sys.ActorOf(ChatActor.Props(Chat, settings, users.Ref, users.Ref, Writer, Db.History));
        var again = users.FishForMessage<UserProtocol.MembershipNotice>(_ => true, TimeSpan.FromSeconds(10));
        Assert.Equal(2, again.UserId);

        chat.Tell(new UserProtocol.MembershipRecorded(2, Chat, true));
        AwaitAssert(() => Assert.Equal(2, Db.JournalRows(manifest: "chat.members-notified.v1")));
    }

    [Fact]
    public void Messages_from_concurrent_senders_get_gap_free_sequence_numbers_in_each_senders_order()
    {
        var chat = StartChat();
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        const int perSender = 40;
        for (var i = 0; i < perSender; i++)
        {
            chat.Tell(Post(1, $"a{i}"), alice.Ref);
            chat.Tell(Post(2, $"b{i}"), bob.Ref);
        }

        var aliceSeqs = alice.ReceiveN(perSender).Cast<MessageAccepted>().Select(a => a.Message).ToList();
        var bobSeqs = bob.ReceiveN(perSender).Cast<MessageAccepted>().Select(a => a.Message).ToList();

        Assert.Equal(Enumerable.Range(0, perSender).Select(i => $"a{i}"), aliceSeqs.Select(m => m.Text));
        Assert.Equal(Enumerable.Range(0, perSender).Select(i => $"b{i}"), bobSeqs.Select(m => m.Text));
        Assert.True(aliceSeqs.Select(m => m.Seq).SequenceEqual(aliceSeqs.Select(m => m.Seq).Order()));
        Assert.Equal(
            Enumerable.Range(1, perSender * 2).Select(i => (long)i),
            aliceSeqs.Concat(bobSeqs).Select(m => m.Seq).Order());

        // Every member's entity receives every message, in sequence order.
        // One delivery per message, to both members, in sequence order.
        var deliveries = Users.ReceiveN(2 + (perSender * 2)).OfType<DeliverToUsers>().ToList();
        foreach (var member in new[] { 1, 2 })
        {
            var seqs = deliveries.Where(d => d.UserIds.Contains(member)).Select(d => ((ChatUpdate)d.Event.Payload).Message.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, perSender * 2).Select(i => (long)i), seqs);
        }
    }

    [Fact]
    public void A_retry_with_the_same_client_id_returns_the_original_and_stores_nothing_new()
    {
        var chat = StartChat();
        chat.Tell(Post(1, "once", clientId: "c-1"));
        var first = ExpectMsg<MessageAccepted>();

        chat.Tell(Post(1, "once", clientId: "c-1"));
        var retry = ExpectMsg<MessageAccepted>();
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Message, retry.Message);

        // Another sender may use the same client id: ids are per sender.
        chat.Tell(Post(2, "mine", clientId: "c-1"));
        Assert.Equal(2, ExpectMsg<MessageAccepted>().Message.Seq);

        chat.Tell(new GetHistory(Chat, 1, null, 50));
        Assert.Equal(["once", "mine"], ExpectMsg<HistoryPage>().Messages.Select(m => m.Text));
        AwaitAssert(() => Assert.Equal(2, Db.Count("SELECT COUNT(*) FROM chat_history")));
        Assert.Equal(2, Db.JournalRows("chat-dm-1-2", "chat.message-posted.v1"));
    }

    [Fact]
    public void A_retry_is_recognised_after_a_restart()
    {
        var chat = StartChat();
        chat.Tell(Post(1, "once", clientId: "retry-me"));
        var first = ExpectMsg<MessageAccepted>();
        Restart(ref chat);

        chat.Tell(Post(1, "once", clientId: "retry-me"));
        var retry = ExpectMsg<MessageAccepted>();
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Message.Seq, retry.Message.Seq);
    }

    [Fact]
    public void Recovery_after_restart_uses_snapshots_and_keeps_every_message_in_order()
    {
        var settings = Settings(window: 5, snapshotEvery: 10);
        var chat = StartChat(settings: settings);
        for (var i = 1; i <= 37; i++)
        {
            chat.Tell(Post(i % 2 == 0 ? 2 : 1, $"m{i}"));
            ExpectMsg<MessageAccepted>();
        }

        AwaitAssert(() => Assert.Equal(37, Db.Count("SELECT COUNT(*) FROM chat_history")));
        AwaitAssert(() => Assert.True(Db.SnapshotRows("chat-dm-1-2") >= 1));
        Restart(ref chat, settings);

        chat.Tell(Post(1, "after restart"));
        Assert.Equal(38, ExpectMsg<MessageAccepted>().Message.Seq);

        // Page backwards through memory and the history table: every message once, in order.
        var seen = new List<string>();
        long? before = null;
        while (true)
        {
            chat.Tell(new GetHistory(Chat, 2, before, 7));
            var page = ExpectMsg<HistoryPage>();
            seen.InsertRange(0, page.Messages.Select(m => m.Text));
            if (!page.HasMore)
            {
                break;
            }

            before = page.Messages[0].Seq;
        }

        Assert.Equal(Enumerable.Range(1, 37).Select(i => $"m{i}").Append("after restart"), seen);
    }

    [Fact]
    public void A_snapshot_taken_inside_a_batch_of_posts_recovers_every_message()
    {
        // Posts sent while the chat is storing its first message arrive together and are stored as
        // one batch; a snapshot falls due in its middle, when the journal already numbered the rest.
        var settings = Settings(window: 100, snapshotEvery: 4);
        var chat = StartChat(settings: settings);
        for (var i = 1; i <= 30; i++)
        {
            chat.Tell(Post(1, $"m{i}"));
        }

        Assert.Equal(Enumerable.Range(1, 30), ReceiveN(30).Cast<MessageAccepted>().Select(a => (int)a.Message.Seq));
        AwaitAssert(() => Assert.True(Db.SnapshotRows("chat-dm-1-2") >= 1));
        Restart(ref chat, settings);

        chat.Tell(Post(2, "after restart"));
        Assert.Equal(31, ExpectMsg<MessageAccepted>().Message.Seq);
        chat.Tell(new GetHistory(Chat, 2, null, 50));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"m{i}").Append("after restart"), ExpectMsg<HistoryPage>().Messages.Select(m => m.Text));
    }

    [Fact]
    public void Snapshots_leave_out_the_messages_the_store_holds_and_the_chat_still_serves_them_after_a_restart()
    {
        var settings = Settings(snapshotEvery: 1) with { DefaultPageSize = 2 };
        var chat = StartChat(settings: settings);
        var (marker, texts) = SnapshotLeavingOutStoredMessages(chat, settings);

        Restart(ref chat, settings);
        chat.Tell(new GetSummary(Chat, 1));
        Assert.Equal(texts[^1], ExpectMsg<ChatSummary>().LastMessage?.Text);
        chat.Tell(new GetHistory(Chat, 2, null, 50));
        Assert.Equal(texts, ExpectMsg<HistoryPage>().Messages.Select(m => m.Text));

        // The update feed from the start: every update once, in order, each with its message.
        chat.Tell(new GetUpdates(Chat, 2, 0, 100));
        var updates = ExpectMsg<UpdatesPage>();
        Assert.Equal(Enumerable.Range(1, (int)updates.LastUpdateSeq).Select(i => (long)i), updates.Updates.Select(u => u.UpdateSeq));
        Assert.Equal(texts, updates.Updates.Where(u => u.Type == UpdateTypes.NewMessage).Select(u => u.Message.Text));
        Assert.Equal(0, Db.SnapshotsHolding($"{marker}-1-"));
    }

    [Fact]
    public void A_store_that_lost_writes_a_snapshot_relied_on_is_filled_again_from_the_journal()
    {
        var settings = Settings(snapshotEvery: 1) with { DefaultPageSize = 2 };
        var chat = StartChat(settings: settings);
        var (_, texts) = SnapshotLeavingOutStoredMessages(chat, settings);

        // The store loses everything past the third message while the chat is stopped: those messages are
        // neither in the store nor in the snapshot now, only in the journal. (Every write reached it first:
        // a power cut takes the newest writes, never older ones under a newer one.)
        AwaitAssert(() => Assert.Equal(texts.Count, Db.Count("SELECT COUNT(*) FROM chat_history")), TimeSpan.FromSeconds(10));
        Watch(chat);
        chat.Tell(HandOffStop.Instance);
        ExpectTerminated(chat);
        Db.LoseHistoryAfter(Chat, updateSeq: 3, seq: 3);
        Assert.Equal(3, Db.Count("SELECT COUNT(*) FROM chat_history"));

        chat = StartChat(settings: settings);
        AwaitAssert(() => Assert.Equal(texts.Count, Db.Count("SELECT COUNT(*) FROM chat_history")), TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.Equal(texts.Count, Db.Count("SELECT COUNT(*) FROM chat_updates")), TimeSpan.FromSeconds(10));
        chat.Tell(new GetHistory(Chat, 2, null, 50));
        Assert.Equal(texts, ExpectMsg<HistoryPage>().Messages.Select(m => m.Text));

        // The chat goes on numbering after the replay.
        chat.Tell(Post(1, "after the replay"));
        Assert.Equal(texts.Count + 1, ExpectMsg<MessageAccepted>().Message.Seq);
    }

    /// <summary>
    /// Posts until the chat's snapshot leaves out messages the store holds: each post saves a snapshot
    /// (<c>snapshot-every</c> 1), and once the chat has heard that the store holds the first messages, the
    /// next snapshot leaves them out (it keeps the newest page, two messages here). Returns the first
    /// messages' marker and every text posted, in order.
    /// </summary>
    private (string Marker, List<string> Texts) SnapshotLeavingOutStoredMessages(IActorRef chat, MessengerSettings settings)
    {
        Assert.Equal(1, settings.SnapshotEvery);
        var marker = "zqxsnap" + Guid.NewGuid().ToString("N")[..12];
        var texts = Enumerable.Range(1, 8).Select(i => $"{marker}-{i}-").ToList();
        for (var i = 0; i < texts.Count; i++)
        {
            Send(chat, Chat, i % 2 == 0 ? 1 : 2, texts[i]);
        }

        AwaitAssert(() => Assert.Equal(texts.Count, Db.Count("SELECT COUNT(*) FROM chat_history")));
        AwaitAssert(
            () =>
            {
                var tail = $"tail {texts.Count - 7}";
                Send(chat, Chat, 1, tail);
                texts.Add(tail);
                Assert.True(Db.SnapshotRows("chat-dm-1-2") >= 1);
                Assert.Equal(0, Db.SnapshotsHolding($"{marker}-1-"));
            },
            TimeSpan.FromSeconds(10));

        // The newest page stays in the snapshot: the chat list's last message, and what opening the chat shows.
        AwaitAssert(() => Assert.True(Db.SnapshotsHolding(texts[^1]) >= 1 && Db.SnapshotsHolding(texts[^2]) >= 1));
        return (marker, texts);
    }

    [Fact]
    public void Unprojected_messages_reach_the_history_table_after_a_restart()
    {
        // A chat whose history writer never answers: nothing is projected before the restart.
        var silentWriter = CreateTestProbe();
        var settings = Settings(window: 2);
        var chat = Sys.ActorOf(ChatActor.Props(Chat, settings, Users.Ref, Users.Ref, silentWriter.Ref, Db.History));
        for (var i = 1; i <= 6; i++)
        {
            chat.Tell(Post(1, $"m{i}"));
            ExpectMsg<MessageAccepted>();
        }

        Assert.Equal(0, Db.Count("SELECT COUNT(*) FROM chat_history"));
        Restart(ref chat, settings);
        AwaitAssert(() => Assert.Equal(6, Db.Count("SELECT COUNT(*) FROM chat_history")));
    }

    [Fact]
    public void A_non_member_can_neither_post_nor_read()
    {
        var chat = StartChat();
        chat.Tell(Post(1, "private"));
        ExpectMsg<MessageAccepted>();

        chat.Tell(Post(3, "let me in"));
        Assert.Equal(ErrorCodes.NotMember, ExpectMsg<Rejected>().Code);
        chat.Tell(new GetHistory(Chat, 3, null, 10));
        Assert.Equal(ErrorCodes.NotMember, ExpectMsg<Rejected>().Code);
        chat.Tell(new GetSummary(Chat, 3));
        Assert.Equal(ErrorCodes.NotMember, ExpectMsg<Rejected>().Code);

        chat.Tell(new GetHistory(Chat, 1, null, 10));
        Assert.Single(ExpectMsg<HistoryPage>().Messages);
    }

    [Fact]
    public void A_direct_chat_cannot_be_created_by_an_outsider_or_without_the_create_flag()
    {
        var chat = StartChat();
        chat.Tell(Post(3, "hi"));
        Assert.Equal(ErrorCodes.NotMember, ExpectMsg<Rejected>().Code);
        chat.Tell(Post(1, "hi") with { CreateDirect = false });
        Assert.Equal(ErrorCodes.UnknownChat, ExpectMsg<Rejected>().Code);

        var group = StartChat("room-1");
        group.Tell(Post(1, "hi", chatId: "room-1"));
        Assert.Equal(ErrorCodes.UnknownChat, ExpectMsg<Rejected>().Code);
        Assert.Equal(0, Db.JournalRows());
    }

    [Theory]
    [InlineData("", ErrorCodes.EmptyText)]
    [InlineData("   ", ErrorCodes.EmptyText)]
    [InlineData(null, ErrorCodes.TextTooLong)]
    public void Bad_text_is_refused_and_nothing_is_stored(string? text, string code)
    {
        var chat = StartChat();
        chat.Tell(Post(1, text ?? new string('x', MessengerSettings.Default.MaxTextLength + 1)));
        Assert.Equal(code, ExpectMsg<Rejected>().Code);
        chat.Tell(Post(1, "ok") with { Type = "sticker" });
        Assert.Equal(ErrorCodes.UnsupportedType, ExpectMsg<Rejected>().Code);
        Assert.Equal(0, Db.JournalRows());

        chat.Tell(Post(1, "fine"));
        Assert.Equal(1, ExpectMsg<MessageAccepted>().Message.Seq);
    }

    [Fact]
    public void Unread_counts_follow_read_positions_and_sending_marks_the_chat_read()
    {
        var chat = StartChat();
        foreach (var text in new[] { "one", "two", "three" })
        {
            chat.Tell(Post(1, text));
            ExpectMsg<MessageAccepted>();
        }

        chat.Tell(new GetSummary(Chat, 2));
        var summary = ExpectMsg<ChatSummary>();
        Assert.Equal(3, summary.UnreadCount);
        Assert.Equal("three", summary.LastMessage!.Text);
        chat.Tell(new GetSummary(Chat, 1));
        Assert.Equal(0, ExpectMsg<ChatSummary>().UnreadCount);

        chat.Tell(new MarkRead(Chat, 2, 2));
        Assert.Equal(1, ExpectMsg<ReadMarked>().UnreadCount);
        chat.Tell(new MarkRead(Chat, 2, 99));
        Assert.Equal(ErrorCodes.InvalidSequence, ExpectMsg<Rejected>().Code);

        Restart(ref chat);
        chat.Tell(new GetSummary(Chat, 2));
        Assert.Equal(1, ExpectMsg<ChatSummary>().UnreadCount);

        chat.Tell(Post(2, "reply"));
        ExpectMsg<MessageAccepted>();
        chat.Tell(new GetSummary(Chat, 2));
        Assert.Equal(0, ExpectMsg<ChatSummary>().UnreadCount);
        chat.Tell(new GetSummary(Chat, 1));
        Assert.Equal(1, ExpectMsg<ChatSummary>().UnreadCount);
    }

    [Fact]
    public void Deliveries_skip_the_sending_connection()
    {
        var chat = StartChat();
        chat.Tell(Post(1, "hi") with { OriginConnectionId = "conn-a" });
        ExpectMsg<MessageAccepted>();
        var deliveries = Users.ReceiveN(3).OfType<DeliverToUsers>().ToList();
        Assert.Equal([1, 2], deliveries.Single().UserIds.Order());
        Assert.All(deliveries, d => Assert.Equal("conn-a", d.ExceptConnectionId));
        Assert.All(deliveries, d => Assert.Equal(ClientEventNames.NewMessage, d.Event.Name));
    }
}
