using ActorMessenger.Gateway.Hubs;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class SendGatesSpecs
{
    [Fact]
    public void A_connection_keeps_one_lane_until_it_is_forgotten()
    {
        var gates = new SendGates();
        using var aborted = new CancellationTokenSource();

        var first = gates.For("c1", aborted.Token);
        Assert.Same(first, gates.For("c1", aborted.Token));
        Assert.NotSame(first, gates.For("c2", aborted.Token));
        Assert.Equal(2, gates.Count);

        gates.Forget("c1");
        Assert.Equal(1, gates.Count);
        Assert.NotSame(first, gates.For("c1", aborted.Token));
    }

    [Fact]
    public void An_aborted_connection_leaves_no_lane_behind_even_when_a_send_races_the_close()
    {
        var gates = new SendGates();
        using var open = new CancellationTokenSource();
        gates.For("c1", open.Token);
        open.Cancel();
        Assert.Equal(0, gates.Count);

        // A send that asks after the close: handed a gate, which is not kept.
        gates.For("c2", open.Token);
        Assert.Equal(0, gates.Count);
    }

    [Fact]
    public async Task Each_turn_waits_for_the_one_taken_before_it_even_when_it_is_done_first()
    {
        var lane = new SendLane();
        var first = lane.TakeTurn();
        var second = lane.TakeTurn();
        var third = lane.TakeTurn();
        Assert.True(first.Previous.IsCompleted);

        // The third send's chat answered first: it still waits for the second, which waits for the first.
        Assert.False(third.Previous.IsCompleted);
        second.Done();
        Assert.False(second.Previous.IsCompleted);
        first.Done();
        await second.Previous;
        await third.Previous;
    }
}
