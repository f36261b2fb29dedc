using ActorMessenger.Actors.Chat;
using ActorMessenger.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.Actors;

/// <summary>Chats started together reach their snapshots at different event counts (see <see cref="SnapshotStagger"/>).</summary>
public sealed class SnapshotStaggerSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    [Fact]
    public void The_offset_is_a_pure_function_of_the_persistence_id_within_one_cycle()
    {
        Assert.Equal(SnapshotStagger.Offset("chat-dm-1-2", 500), SnapshotStagger.Offset("chat-dm-1-2", 500));
        Assert.Equal(0, SnapshotStagger.Offset("chat-dm-1-2", 1));
        var offsets = Enumerable.Range(1, 20).Select(i => SnapshotStagger.Offset($"chat-dm-{2 * i}-{(2 * i) + 1}", 500)).ToList();
        Assert.All(offsets, o => Assert.InRange(o, 0, 499));

        // The bench's twenty pairs: spread over the cycle, not one burst.
        Assert.True(offsets.Distinct().Count() >= 15, string.Join(",", offsets));
    }

    [Fact]
    public void Of_two_chats_given_the_same_posts_the_one_further_into_its_cycle_snapshots_first()
    {
        const int every = 10;
        var ids = Enumerable.Range(2, 30).Select(i => $"dm-1-{i}").ToList();
        var early = ids.MaxBy(id => SnapshotStagger.Offset("chat-" + id, every))!;
        var late = ids.MinBy(id => SnapshotStagger.Offset("chat-" + id, every))!;
        var posts = every - SnapshotStagger.Offset("chat-" + early, every);
        Assert.True(posts < every - SnapshotStagger.Offset("chat-" + late, every), "two different offsets among the ids");

        var settings = Settings(snapshotEvery: every);
        var first = StartChat(early, settings);
        var second = StartChat(late, settings);
        for (var i = 0; i < posts; i++)
        {
            Send(first, early, 1, $"a{i}");
            Send(second, late, 1, $"b{i}");
        }

        // The first chat's snapshot fell due with its last post; the second's is not due yet, so none will come.
        AwaitAssert(() => Assert.Equal(1, Db.SnapshotRows("chat-" + early)));
        Assert.Equal(0, Db.SnapshotRows("chat-" + late));

        // And a restarted chat still recovers every message.
        first = Restart(first, early, settings);
        Assert.Equal(posts + 1, Send(first, early, 1, "after").Seq);
    }

    [Fact]
    public void A_restarted_chat_keeps_its_place_in_the_cycle_and_saves_its_next_snapshot_snapshot_every_events_after_the_last()
    {
        const int every = 10;
        var chatId = Enumerable.Range(2, 30).Select(i => $"dm-1-{i}").MaxBy(id => SnapshotStagger.Offset("chat-" + id, every))!;
        var offset = SnapshotStagger.Offset("chat-" + chatId, every);
        Assert.True(offset >= every - 2, $"an id late in its cycle among the candidates (offset {offset})");

        // One cycle of posts: the first snapshot falls due within it (after every - offset events).
        var settings = Settings(snapshotEvery: every);
        var chat = StartChat(chatId, settings);
        for (var i = 0; i < every; i++)
        {
            Send(chat, chatId, 1, $"a{i}");
        }

        // Opening the chat stores events of its own besides the posts, so a second snapshot may fall due
        // too (a CI run read the first while the second was still being saved, and then expected the
        // wrong one). Snapshots are a cycle apart, so the last one due is the one within a cycle of the
        // journal's end: wait for it.
        var journalEnd = Db.JournalEnd("chat-" + chatId);
        AwaitAssert(() => Assert.True(Db.SnapshotEnd("chat-" + chatId) > journalEnd - every, $"snapshot at {Db.SnapshotEnd("chat-" + chatId)}, journal at {journalEnd}"));
        var last = Db.SnapshotEnd("chat-" + chatId);

        // Recovery starts from that snapshot: the chat counts the events after it, not its offset again
        // on top (which would bring its next snapshot forward, in step with every other restarted chat).
        chat = Restart(chat, chatId, settings);
        for (var i = 0; i < every - (journalEnd - last); i++)
        {
            Send(chat, chatId, 1, $"b{i}");
        }

        AwaitAssert(() => Assert.Equal(last + every, Db.SnapshotEnd("chat-" + chatId)));
    }
}
