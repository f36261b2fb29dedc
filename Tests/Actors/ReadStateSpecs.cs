using ActorMessenger.Actors.Protocol;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>What a client needs after a reload to show read ticks, and a channel's live subscriber count.</summary>
public sealed class ReadStateSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    [Fact]
    public void The_summary_says_how_far_the_others_have_read_and_it_survives_a_restart()
    {
        var chat = StartGroup();
        var first = Send(chat, "g-team", 1, "first");
        var second = Send(chat, "g-team", 1, "second");
        Assert.Equal(0, Ask<ChatSummary>(chat, new GetSummary("g-team", 1)).OthersReadSeq);

        Ask<ReadMarked>(chat, new MarkRead("g-team", 2, first.Seq));
        Ask<ReadMarked>(chat, new MarkRead("g-team", 3, second.Seq));
        Assert.Equal(second.Seq, Ask<ChatSummary>(chat, new GetSummary("g-team", 1)).OthersReadSeq);

        // Sending marked the chat read for its author too: everyone else has read both messages.
        chat = Restart(chat, "g-team");
        Assert.Equal(second.Seq, Ask<ChatSummary>(chat, new GetSummary("g-team", 1)).OthersReadSeq);
        Assert.Equal(second.Seq, Ask<ChatSummary>(chat, new GetSummary("g-team", 3)).OthersReadSeq);
        Assert.Equal(second.Seq, Ask<ChatSummary>(chat, new GetSummary("g-team", 2)).OthersReadSeq);

        // Someone who left takes their position along.
        Ask<ChatChanged>(chat, new Leave("g-team", 3));
        Assert.Equal(first.Seq, Ask<ChatSummary>(chat, new GetSummary("g-team", 1)).OthersReadSeq);
    }

    [Fact]
    public void In_a_channel_only_the_managers_learn_how_far_subscribers_have_read()
    {
        var chat = StartChat("c-news");
        Ask<ChatCreatedReply>(chat, new CreateChat("c-news", ChatKind.Channel, 1, "News", null, null, true, []));
        Ask<ChatChanged>(chat, new Join("c-news", 2, null));
        Ask<ChatChanged>(chat, new Join("c-news", 3, null));
        var post = Send(chat, "c-news", 1, "issue 1");
        Ask<ReadMarked>(chat, new MarkRead("c-news", 2, post.Seq));

        Assert.Equal(post.Seq, Ask<ChatSummary>(chat, new GetSummary("c-news", 1)).OthersReadSeq);
        Assert.Equal(0, Ask<ChatSummary>(chat, new GetSummary("c-news", 3)).OthersReadSeq);
    }

    [Fact]
    public void Subscribers_coming_and_going_update_the_managers_count_live_and_nobody_elses()
    {
        var chat = StartChat("c-news");
        Ask<ChatCreatedReply>(chat, new CreateChat("c-news", ChatKind.Channel, 1, "News", null, null, true, []));
        Ask<ChatChanged>(chat, new Join("c-news", 2, null));
        Ask<ChatChanged>(chat, new Join("c-news", 3, null));
        Ask<ChatChanged>(chat, new Leave("c-news", 2));

        var counts = DeliveredSoFar(chat, "c-news", ClientEventNames.MemberCount);
        Assert.Equal([2, 3, 2], counts.Select(d => ((MemberCountEvent)d.Event.Payload).MemberCount));
        Assert.All(counts, d => Assert.Equal([1], d.UserIds));
    }
}
