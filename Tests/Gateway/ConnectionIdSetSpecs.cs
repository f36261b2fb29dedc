using ActorMessenger.Gateway.Hubs;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class ConnectionIdSetSpecs
{
    [Fact]
    public void Keeps_the_order_and_answers_contains_through_the_collection_interface()
    {
        var ids = new ConnectionIdSet(["c3", "c1", "c2"]);

        Assert.Equal(["c3", "c1", "c2"], ids);
        Assert.Equal("c1", ids[1]);

        // SignalR asks through Enumerable.Contains, which defers to ICollection<T>.Contains: the hash set.
        ICollection<string> asked = ids;
        Assert.Contains("c2", asked);
        Assert.DoesNotContain("c4", asked);
        Assert.DoesNotContain("C2", asked);
    }
}
