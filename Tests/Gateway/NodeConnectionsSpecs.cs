using ActorMessenger.Gateway.Hubs;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class NodeConnectionsSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static LiveConnection Connection(int user, string id, string session, DateTimeOffset expires) =>
        new(user, id, session, expires, null!);

    [Fact]
    public void Ending_a_session_takes_only_that_users_connections_of_that_session()
    {
        var connections = new NodeConnections();
        connections.Add(Connection(1, "phone", "s1", Now.AddDays(1)));
        connections.Add(Connection(1, "laptop", "s2", Now.AddDays(1)));
        connections.Add(Connection(1, "tab", "s1", Now.AddDays(1)));
        connections.Add(Connection(2, "other", "s1", Now.AddDays(1)));

        var taken = connections.TakeSessions(1, ["s1"]);

        Assert.Equal(["phone", "tab"], taken.Select(c => c.Id));
        Assert.Equal(["laptop"], connections.OfUser(1).Select(c => c.Id));
        Assert.Equal(["other"], connections.OfUser(2).Select(c => c.Id));
        Assert.Equal(2, connections.Count);
        Assert.Empty(connections.TakeSessions(3, ["s1"]));
    }

    [Fact]
    public void Connections_are_taken_once_their_tokens_expire_and_closed_ones_are_forgotten()
    {
        var connections = new NodeConnections();
        connections.Add(Connection(1, "soon", "s1", Now.AddSeconds(5)));
        connections.Add(Connection(2, "later", "s2", Now.AddMinutes(5)));
        connections.Add(Connection(3, "closed", "s3", Now.AddSeconds(1)));
        connections.Remove(3, "closed");

        Assert.Empty(connections.TakeExpiring(Now));
        Assert.Equal(["soon"], connections.TakeExpiring(Now.AddSeconds(10)).Select(c => c.Id));
        Assert.Empty(connections.TakeExpiring(Now.AddSeconds(10)));
        Assert.Equal(["later"], connections.TakeExpiring(Now.AddHours(1)).Select(c => c.Id));
        Assert.Equal(0, connections.Count);
        Assert.Empty(connections.OfUser(2));
    }
}
