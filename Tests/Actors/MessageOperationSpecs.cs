using ActorMessenger.Actors.Protocol;
using Akka;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

public sealed class MessageOperationSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    private const string Dm = "dm-1-2";

    [Fact]
    public void Only_the_author_edits_and_the_edit_is_marked_delivered_and_kept()
    {
        var chat = StartChat(Dm);
        var m = Send(chat, Dm, 1, "опечатка");
        Assert.Equal(ErrorCodes.Forbidden, Refusal(chat, new EditMessage(Dm, 2, m.Seq, "чужое")));
        Assert.Equal(ErrorCodes.EmptyText, Refusal(chat, new EditMessage(Dm, 1, m.Seq, " ")));
        Assert.Equal(ErrorCodes.InvalidSequence, Refusal(chat, new EditMessage(Dm, 1, 99, "x")));

        var update = Ask<Updated>(chat, new EditMessage(Dm, 1, m.Seq, "исправлено")).Update;
        Assert.Equal(UpdateTypes.MessageEdited, update.Type);
        Assert.True(update.Message.Edited);
        Assert.Equal("исправлено", update.Message.Text);
        Assert.Equal("исправлено", Delivered<ChatUpdate>(2, UpdateTypes.MessageEdited, 1).Single().Message.Text);

        chat = Restart(chat, Dm);
        var stored = Ask<HistoryPage>(chat, new GetHistory(Dm, 2, null, 10)).Messages.Single();
        Assert.Equal("исправлено", stored.Text);
        Assert.NotNull(stored.EditedAt);
    }

    [Fact]
    public void Messages_older_than_the_memory_window_are_edited_through_the_store()
    {
        var settings = Settings(window: 3);
        var chat = StartChat(Dm, settings);
        for (var i = 1; i <= 10; i++)
        {
            Send(chat, Dm, 1, $"m{i}");
        }

        AwaitAssert(() => Assert.Equal(10, Db.Count("SELECT COUNT(*) FROM chat_history")));
        Ask<Updated>(chat, new EditMessage(Dm, 1, 2, "m2 edited"));
        Ask<Updated>(chat, new ToggleReaction(Dm, 2, 2, "👍"));
        Ask<Updated>(chat, new DeleteMessage(Dm, 1, 1));

        chat = Restart(chat, Dm, settings);
        var page = Ask<HistoryPage>(chat, new GetHistory(Dm, 2, 4, 10)).Messages;
        Assert.True(page[0].Deleted);
        Assert.Equal(string.Empty, page[0].Text);
        Assert.Equal("m2 edited", page[1].Text);
        Assert.Equal([2], page[1].Reactions!["👍"]);
        AwaitAssert(() => Assert.Equal(1, Db.HistoryRowsHolding("m2 edited")));
    }

    [Fact]
    public void Deleting_is_for_the_author_or_a_group_admin_and_removes_the_content_and_its_pin()
    {
        var direct = StartChat(Dm);
        var mine = Send(direct, Dm, 1, "секрет");
        Assert.Equal(ErrorCodes.Forbidden, Refusal(direct, new DeleteMessage(Dm, 2, mine.Seq)));
        Ask<Updated>(direct, new Pin(Dm, 2, mine.Seq, true));
        var deleted = Ask<Updated>(direct, new DeleteMessage(Dm, 1, mine.Seq)).Update.Message;
        Assert.True(deleted.Deleted);
        Assert.Equal(1, deleted.DeletedBy);
        Assert.Equal(string.Empty, deleted.Text);
        Assert.Empty(Ask<PinnedMessages>(direct, new GetPins(Dm, 1)).Pins);
        Assert.Equal(ErrorCodes.MessageDeleted, Refusal(direct, new DeleteMessage(Dm, 1, mine.Seq)));
        Assert.Equal(ErrorCodes.MessageDeleted, Refusal(direct, new EditMessage(Dm, 1, mine.Seq, "back")));

        var group = StartGroup();
        var spam = Send(group, "g-team", 3, "спам");
        Assert.Equal(ErrorCodes.Forbidden, Refusal(group, new DeleteMessage("g-team", 2, spam.Seq)));
        Assert.True(Ask<Updated>(group, new DeleteMessage("g-team", 1, spam.Seq)).Update.Message.Deleted);
    }

    [Fact]
    public void Reactions_toggle_per_user_and_are_limited()
    {
        var chat = StartChat(Dm);
        var m = Send(chat, Dm, 1, "ура");
        Ask<Updated>(chat, new ToggleReaction(Dm, 1, m.Seq, "🎉"));
        var both = Ask<Updated>(chat, new ToggleReaction(Dm, 2, m.Seq, "🎉")).Update.Message;
        Assert.Equal([1, 2], both.Reactions!["🎉"]);
        var back = Ask<Updated>(chat, new ToggleReaction(Dm, 1, m.Seq, "🎉")).Update.Message;
        Assert.Equal([2], back.Reactions!["🎉"]);

        Assert.Equal(ErrorCodes.InvalidEmoji, Refusal(chat, new ToggleReaction(Dm, 1, m.Seq, "lol")));
        Assert.Equal(ErrorCodes.InvalidEmoji, Refusal(chat, new ToggleReaction(Dm, 1, m.Seq, "")));
        foreach (var e in new[] { "👍", "❤️", "🔥" })
        {
            Ask<Updated>(chat, new ToggleReaction(Dm, 1, m.Seq, e));
        }

        Assert.Equal(ErrorCodes.InvalidEmoji, Refusal(chat, new ToggleReaction(Dm, 1, m.Seq, "😂")));
        Assert.Equal(UpdateTypes.ReactionsChanged, Delivered<ChatUpdate>(2, UpdateTypes.ReactionsChanged, 1)[0].Type);
    }

    [Fact]
    public void Pins_follow_roles_several_per_chat_newest_first()
    {
        var group = StartGroup();
        var a = Send(group, "g-team", 2, "first");
        var b = Send(group, "g-team", 3, "second");
        Assert.Equal(ErrorCodes.Forbidden, Refusal(group, new Pin("g-team", 2, a.Seq, true)));
        Ask<Updated>(group, new Pin("g-team", 1, a.Seq, true));
        var pinned = Ask<Updated>(group, new Pin("g-team", 1, b.Seq, true)).Update;
        Assert.Equal(UpdateTypes.MessagePinned, pinned.Type);
        Assert.Equal(b.Seq, pinned.Pin!.Seq);
        Assert.Equal(b.Seq, Delivered<ChatUpdate>(3, UpdateTypes.MessagePinned, 2)[1].Pin!.Seq);

        var pins = Ask<PinnedMessages>(group, new GetPins("g-team", 2)).Pins;
        Assert.Equal(["second", "first"], pins.Select(p => p.Message.Text));

        // Pinning twice changes nothing; unpinning takes it off.
        var before = Db.JournalRows(manifest: "chat.pin-changed.v1");
        Ask<Updated>(group, new Pin("g-team", 1, b.Seq, true));
        Assert.Equal(before, Db.JournalRows(manifest: "chat.pin-changed.v1"));
        Assert.Equal(UpdateTypes.MessageUnpinned, Ask<Updated>(group, new Pin("g-team", 1, a.Seq, false)).Update.Type);

        group = Restart(group, "g-team");
        Assert.Equal(["second"], Ask<PinnedMessages>(group, new GetPins("g-team", 3)).Pins.Select(p => p.Message.Text));
    }

    [Fact]
    public void Typing_reaches_the_other_members_only_and_is_throttled()
    {
        var group = StartGroup();
        Ask<Done>(group, new Typing("g-team", 2));
        Ask<Done>(group, new Typing("g-team", 2));
        Assert.Equal(ErrorCodes.NotMember, Refusal(group, new Typing("g-team", 9)));

        var deliveries = DeliveredSoFar(group, "g-team", ClientEventNames.Typing);
        Assert.Equal([1, 3], deliveries.Single().UserIds.Order());
        Assert.All(deliveries, d => Assert.Equal(new TypingEvent("g-team", 2), d.Event.Payload));
    }

    [Fact]
    public void The_update_feed_replays_every_change_in_order_without_gaps_even_from_the_store()
    {
        var settings = Settings(window: 4, snapshotEvery: 7);
        var chat = StartChat("g-feed", settings);
        Ask<ChatCreatedReply>(chat, new CreateChat("g-feed", ChatKind.Group, 1, "Лента", null, null, false, [2]));
        var cursor = Ask<UpdatesPage>(chat, new GetUpdates("g-feed", 2, 0, 100)).LastUpdateSeq;
        Assert.Equal(1, cursor);

        // While user 2 is away: messages, an edit, a deletion, a reaction, a pin, a new member.
        for (var i = 1; i <= 6; i++)
        {
            Send(chat, "g-feed", 1, $"news {i}");
        }

        Ask<Updated>(chat, new EditMessage("g-feed", 1, 2, "news 1 (fixed)"));
        Ask<Updated>(chat, new DeleteMessage("g-feed", 1, 3));
        Ask<Updated>(chat, new ToggleReaction("g-feed", 1, 4, "👍"));
        Ask<Updated>(chat, new Pin("g-feed", 1, 5, true));
        Ask<ChatChanged>(chat, new AddMembers("g-feed", 1, [3]));
        AwaitAssert(() => Assert.Equal(12, Db.Count("SELECT COUNT(*) FROM chat_updates")));
        chat = Restart(chat, "g-feed", settings);

        var collected = new List<ChatUpdate>();
        var page = Ask<UpdatesPage>(chat, new GetUpdates("g-feed", 2, cursor, 3));
        collected.AddRange(page.Updates);
        while (page.HasMore)
        {
            page = Ask<UpdatesPage>(chat, new GetUpdates("g-feed", 2, collected[^1].UpdateSeq, 3));
            collected.AddRange(page.Updates);
        }

        Assert.Equal(Enumerable.Range(2, 11).Select(i => (long)i), collected.Select(u => u.UpdateSeq));
        Assert.Equal(
            [.. Enumerable.Repeat(UpdateTypes.NewMessage, 6), UpdateTypes.MessageEdited, UpdateTypes.MessageDeleted, UpdateTypes.ReactionsChanged, UpdateTypes.MessagePinned, UpdateTypes.NewMessage],
            collected.Select(u => u.Type));

        // Each update carries the message as it is now: a deleted message's words never travel again.
        Assert.All(collected.Where(u => u.Message.Seq == 3), u => Assert.True(u.Message.Deleted));
        Assert.Equal("news 1 (fixed)", collected.First(u => u.Message.Seq == 2).Message.Text);
        Assert.Equal("members_added", collected[^1].Message.System!.Action);
        Assert.Equal(12, page.LastUpdateSeq);
    }

    [Fact]
    public void A_burst_of_posts_is_stored_together_and_commands_behind_it_see_it_whole()
    {
        var chat = StartChat(Dm);
        Send(chat, Dm, 1, "start");
        var probe = CreateTestProbe();
        for (var i = 0; i < 30; i++)
        {
            chat.Tell(Post(Dm, 1 + (i % 2), $"burst {i}", clientId: $"b{i}"), probe.Ref);
        }

        // A retry inside the same burst, and an edit of a post that is still being gathered.
        chat.Tell(Post(Dm, 1, "burst 0", clientId: "b0"), probe.Ref);
        chat.Tell(new EditMessage(Dm, 1, 2, "burst 0 (edited)"), probe.Ref);
        chat.Tell(Post(Dm, 2, "reply", clientId: "r") with { Extras = new MessageExtras(ReplyTo: 31) }, probe.Ref);

        var replies = probe.ReceiveN(33).ToList();
        var accepted = replies.OfType<MessageAccepted>().ToList();
        Assert.Equal(Enumerable.Range(2, 31).Select(i => (long)i), accepted.Where(a => !a.Duplicate).Select(a => a.Message.Seq));
        Assert.Equal(2, accepted.Single(a => a.Duplicate).Message.Seq);
        Assert.Equal("burst 0 (edited)", replies.OfType<Updated>().Single().Update.Message.Text);
        Assert.Equal(32, Db.JournalRows(manifest: "chat.message-posted.v1"));
    }

    [Fact]
    public void Replies_must_point_at_a_message_of_the_chat()
    {
        var chat = StartChat(Dm);
        var q = Send(chat, Dm, 1, "вопрос");
        var reply = Ask<MessageAccepted>(chat, Post(Dm, 2, "ответ") with { Extras = new MessageExtras(ReplyTo: q.Seq) }).Message;
        Assert.Equal(q.Seq, reply.ReplyTo);
        Assert.Equal(ErrorCodes.InvalidSequence, Refusal(chat, Post(Dm, 2, "в никуда") with { Extras = new MessageExtras(ReplyTo: 42) }));
    }

    [Fact]
    public void File_messages_need_an_attachment_and_images_an_image()
    {
        var chat = StartChat(Dm);
        var file = new AttachmentView("f1", "a.pdf", 10, "application/pdf");
        Assert.Equal(ErrorCodes.InvalidAttachment, Refusal(chat, Post(Dm, 1, "") with { Type = MessageTypes.File }));
        Assert.Equal(ErrorCodes.InvalidAttachment, Refusal(chat, Post(Dm, 1, "") with { Type = MessageTypes.Image, Extras = new MessageExtras(Attachment: file) }));
        var sent = Ask<MessageAccepted>(chat, Post(Dm, 1, "") with { Type = MessageTypes.File, Extras = new MessageExtras(Attachment: file) }).Message;
        Assert.Equal(file, sent.Attachment);
    }
}
