using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Stats;
using Akka.Actor;
using Xunit;
using static ActorMessenger.Actors.Protocol.Activities;

namespace ActorMessenger.Tests.Admin;

/// <summary>One node's figures as its chats, uploads and outbox report activity.</summary>
public sealed class NodeFiguresSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Posts_deletions_and_new_chats_are_counted_by_kind()
    {
        var figures = new NodeFigures();
        Post(figures, "dm-1-2", ChatKind.Direct, 1, Noon);
        Post(figures, "dm-1-2", ChatKind.Direct, 2, Noon);
        figures.Apply(new ChatActivity("dm-1-2", ChatKind.Direct, Changes.Deleted, Message("dm-1-2", 1, Noon), ActorRefs.Nobody), Noon);
        figures.Apply(new ChatActivity("dm-1-2", ChatKind.Direct, Changes.Created, null, ActorRefs.Nobody), Noon);
        figures.Apply(new ChatActivity("g-1", ChatKind.Group, Changes.Created, null, ActorRefs.Nobody), Noon);
        figures.Apply(new ChatActivity("c-1", ChatKind.Channel, Changes.Created, null, ActorRefs.Nobody), Noon);
        figures.Apply(new ChatActivity("c-2", ChatKind.Channel, Changes.Created, null, ActorRefs.Nobody), Noon);
        figures.Apply(new AttachmentActivity(1, 1000));
        figures.Apply(new AttachmentActivity(1, 500));

        var report = figures.Report("node-a", Noon, []);

        Assert.Equal((2, 1), (report.Posted, report.Deleted));
        Assert.Equal((1, 1, 2), (report.DirectChatsCreated, report.GroupsCreated, report.ChannelsCreated));
        Assert.Equal((2, 1500), (report.AttachmentsAdded, report.AttachmentBytesAdded));
        Assert.Equal(["dm-1-2:2"], report.Recent.Select(m => m.Id));
    }

    [Fact]
    public void Posts_per_minute_cover_a_day_and_forget_what_is_older()
    {
        var figures = new NodeFigures();
        Post(figures, "g-1", ChatKind.Group, 1, Noon.AddDays(-1).AddMinutes(-1));
        Post(figures, "g-1", ChatKind.Group, 2, Noon.AddMinutes(-90));
        Post(figures, "g-1", ChatKind.Group, 3, Noon.AddSeconds(-20));
        Post(figures, "g-1", ChatKind.Group, 4, Noon.AddSeconds(-10));

        var minutes = figures.Report("node-a", Noon, []).PostsPerMinute;

        Assert.Equal([(TimeRing.MinuteOf(Noon.AddMinutes(-90)), 1L), (TimeRing.MinuteOf(Noon.AddSeconds(-10)), 2L)], minutes.Select(m => (m.Minute, m.Count)));
    }

    [Fact]
    public void The_busiest_chats_are_those_with_most_posts_in_the_last_five_minutes()
    {
        var figures = new NodeFigures();
        for (var i = 1; i <= 30; i++)
        {
            Post(figures, "g-old", ChatKind.Group, i, Noon.AddMinutes(-10));
        }

        for (var i = 1; i <= 3; i++)
        {
            Post(figures, "c-news", ChatKind.Channel, i, Noon.AddMinutes(-2));
        }

        Post(figures, "dm-1-2", ChatKind.Direct, 1, Noon);

        var busiest = figures.Report("node-a", Noon, []).Busiest;

        Assert.Equal([("c-news", "channel", 3L), ("dm-1-2", "direct", 1L)], busiest.Select(b => (b.ChatId, b.Kind, b.MessagesLast5Minutes)));
    }

    [Fact]
    public void Recent_messages_keep_the_newest_hundred_newest_first()
    {
        var figures = new NodeFigures();
        for (var i = 1; i <= 150; i++)
        {
            Post(figures, "g-1", ChatKind.Group, i, Noon);
        }

        var recent = figures.Report("node-a", Noon, []).Recent;

        Assert.Equal(NodeFigures.RecentMessages, recent.Count);
        Assert.Equal(150, recent[0].Seq);
        Assert.Equal(51, recent[^1].Seq);
    }

    [Fact]
    public void Journal_figures_come_from_the_batches_the_chats_measured()
    {
        var figures = new NodeFigures();
        for (var i = 1; i <= 100; i++)
        {
            figures.Apply(new ChatActivity("g-1", ChatKind.Group, Changes.Posted, Message("g-1", i, Noon), ActorRefs.Nobody, TimeSpan.FromMilliseconds(i)), Noon.AddSeconds(-30));
        }

        var journal = figures.Report("node-a", Noon, []).Journal;

        Assert.Equal(100, journal.PostsMeasured);
        Assert.Equal(50, journal.P50Ms);
        Assert.Equal(99, journal.P99Ms);
        Assert.Equal(100, journal.PostsLastMinute);
        Assert.Equal(0, figures.Report("node-a", Noon.AddMinutes(2), []).Journal.PostsLastMinute);
    }

    [Fact]
    public void Connections_are_the_outbox_s_latest_count()
    {
        var figures = new NodeFigures();
        figures.Apply(new ConnectionsNow(3, 2, ActorRefs.Nobody));
        figures.Apply(new ConnectionsNow(5, 4, ActorRefs.Nobody));

        var report = figures.Report("node-a", Noon, []);

        Assert.Equal((5, 4), (report.Connections, report.ConnectedUsers));
        Assert.Contains(report.Mailboxes, m => m.Actor == "outbox");
    }

    private static void Post(NodeFigures figures, string chatId, ChatKind kind, long seq, DateTimeOffset at) =>
        figures.Apply(new ChatActivity(chatId, kind, Changes.Posted, Message(chatId, seq, at), ActorRefs.Nobody), at);

    private static MessageView Message(string chatId, long seq, DateTimeOffset at) =>
        new($"{chatId}:{seq}", chatId, seq, 1, $"text {seq}", MessageTypes.Text, at, ClientId: null);
}
