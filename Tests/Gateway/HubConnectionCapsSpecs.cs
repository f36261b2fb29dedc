using ActorMessenger.Gateway.Hubs;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

/// <summary>The per-user count of hub connections: refused connections never count, closed ones count down.</summary>
public class HubConnectionCapsSpecs
{
    [Fact]
    public void A_connection_over_the_cap_is_refused_and_its_close_leaves_the_others_counted()
    {
        var caps = new HubConnectionCaps(perUser: 2);
        Assert.True(caps.TryOpen(7, "a"));
        Assert.True(caps.TryOpen(7, "b"));
        Assert.False(caps.TryOpen(7, "c"));
        Assert.True(caps.IsFull(7));

        // The refused one closes: the two open ones still fill the cap.
        caps.Close(7, "c");
        Assert.True(caps.IsFull(7));

        caps.Close(7, "a");
        Assert.False(caps.IsFull(7));
        Assert.True(caps.TryOpen(7, "d"));
        Assert.True(caps.IsFull(7));
    }

    [Fact]
    public void Users_are_counted_apart_and_no_cap_means_none()
    {
        var caps = new HubConnectionCaps(perUser: 1);
        Assert.True(caps.TryOpen(1, "a"));
        Assert.True(caps.TryOpen(2, "b"));
        Assert.False(caps.TryOpen(1, "c"));

        var unlimited = new HubConnectionCaps(perUser: 0);
        Assert.All(Enumerable.Range(0, 100), i => Assert.True(unlimited.TryOpen(1, $"c{i}")));
        Assert.False(unlimited.IsFull(1));
    }
}
