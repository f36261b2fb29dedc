using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.Cluster;

/// <summary>
/// A node on another machine (a network namespace joined by virtual cables) cut off from the two other
/// nodes' cluster ports: the two keep serving, the cut-off node does not carry on as a cluster of its own
/// but loses the split (the database lease), downs itself and exits 75, and once the network is back a
/// fresh start of it (what its service manager does on 75) rejoins the one cluster by itself.
/// Both real cases: the cable between the application machines is cut but the database server is still
/// reachable (another switch), so the cut-off node can ask for the lease and is refused it, and is even
/// started again during the partition and waits to join; or the machine is cut off from everything,
/// the database too, and cannot even ask.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class ClusterPartitionTests(PostgresInstance postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Decided = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("reaches the database")]
    [InlineData("cut off from everything")]
    public async Task A_node_partitioned_from_the_others_forms_no_second_cluster_exits_75_and_rejoins_when_started_again(string partition)
    {
        var reachesDatabase = partition == "reaches the database";
        using var network = NetworkNamespace.Create();
        await using var relay = TcpRelay.Start(network.HostServiceAddress, new IPEndPoint(IPAddress.Loopback, postgres.Port));
        var database = postgres.CreateDatabase();
        var databaseThere = new NpgsqlConnectionStringBuilder(database) { Host = network.HostServiceAddress, Port = relay.Endpoint.Port }.ConnectionString;
        await using var nodes = new ClusterNodes(database);
        string[] onClusterNetwork = ["--Messenger:Cluster:Host", network.HostClusterAddress];
        var started = await Task.WhenAll(nodes.Start(onClusterNetwork), nodes.Start(onClusterNetwork), nodes.StartIn(network, databaseThere));
        var (a, b, cut) = (started[0], started[1], started[2]);
        foreach (var node in started)
        {
            await ClusterNodes.Explained(ClusterNodes.WaitForMembers(node, 3), started);
        }

        var (user1, token1) = await ClusterNodes.Login(a, "user1", "123456");
        var (user2, token2) = await ClusterNodes.Login(b, "user2", "123456");
        await using var onA = await MessengerClient.ConnectAsync(a.Address, user1, token1);
        await using var onB = await MessengerClient.ConnectAsync(b.Address, user2, token2);
        await Delivered(onA, onB, "before");

        var before = cut.Output.Length;
        if (reachesDatabase)
        {
            network.CutCluster();
        }
        else
        {
            network.CutAll();
        }

        // The cut-off node loses the split: downed, it exits 75 for its service manager.
        Assert.Equal(75, await ClusterNodes.Explained(cut.WaitForExit(Decided), started));
        // Its split brain resolver downed its own side, itself, before it removed anybody (as it stops, it
        // drops every member from its own view): it never carried on without the others.
        var during = cut.Output[before..].Split('\n');
        output.WriteLine(string.Join('\n', during));
        var downedItself = Array.FindIndex(during, line => line.Contains("SBR took decision", StringComparison.Ordinal) && line.Contains("including myself", StringComparison.Ordinal));
        Assert.True(downedItself >= 0, "The cut-off node did not down itself:\n" + string.Join('\n', during));
        Assert.DoesNotContain(during[..downedItself], line => line.Contains("member removed", StringComparison.Ordinal) || line.Contains("forms the cluster", StringComparison.Ordinal));
        Assert.Contains(during, line => line.Contains("This node was removed from the cluster", StringComparison.Ordinal));

        // The other two down it and keep serving: a user on one sends, a user on the other receives.
        foreach (var node in new[] { a, b })
        {
            await ClusterNodes.Explained(Poll.Until(() => ClusterNodes.LastMemberCount(node.Output) == 2, () => "The majority did not down the cut-off node.", Decided), started);
            Assert.False(node.HasExited);
        }

        await ClusterNodes.Explained(Delivered(onA, onB, "during"), started);
        GatewayProcess again;
        if (reachesDatabase)
        {
            // Its service manager starts it at once, the partition still there: it finds the live members in
            // the database and tries to join them, again and again, never forming a cluster of its own, and
            // it does not serve anybody meanwhile (its start waits for the user directory of the cluster).
            again = nodes.Restart(cut);
            await ClusterNodes.Explained(Poll.Until(() => Joining(again) >= 2 || again.HasExited, () => "The restarted node did not keep trying to join the members.", Decided), [a, b, again]);
            Assert.False(again.HasExited, again.Output);
            Assert.DoesNotContain("forms the cluster", again.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("members:", again.Output, StringComparison.Ordinal);
            Assert.All(new[] { a, b }, n => Assert.Equal(2, ClusterNodes.LastMemberCount(n.Output)));
            network.Heal();
        }
        else
        {
            network.Heal();
            again = nodes.Restart(cut);
        }

        await ClusterNodes.Explained(again.WaitUntilHealthy(Decided), [a, b, again]);

        // Back in the one cluster, seen from the others, and serving.
        foreach (var node in new[] { a, b, again })
        {
            await ClusterNodes.Explained(ClusterNodes.WaitForMembers(node, 3), [a, b, again]);
        }

        Assert.DoesNotContain("forms the cluster", again.Output, StringComparison.Ordinal);
        Assert.True((await Health(again)).GetProperty("cluster").GetProperty("member").GetBoolean());
        await using var onAgain = await MessengerClient.ConnectAsync(again.Address, user1, token1);
        await ClusterNodes.Explained(Delivered(onAgain, onB, "after"), [a, b, again]);
    }

    /// <summary>
    /// Sends with one client id until acknowledged (the chat may be moving off the downed node), then waits
    /// for the recipient's device to receive it.
    /// </summary>
    private static async Task Delivered(MessengerClient sender, MessengerClient recipient, string text)
    {
        await Poll.UntilValue(
            async () =>
            {
                try
                {
                    return await sender.SendText(recipient.UserId, text, clientId: text).WaitAsync(TimeSpan.FromSeconds(15));
                }
                catch (Exception ex) when (ex is HubException or TimeoutException)
                {
                    return default;
                }
            },
            r => r.ValueKind == JsonValueKind.Object,
            Decided);
        await recipient.Next("new_message", m => m.GetProperty("message").GetProperty("text").GetString() == text);
    }

    private static int Joining(GatewayProcess node) =>
        node.Output.Split('\n').Count(line => line.Contains("Cluster: joining", StringComparison.Ordinal));

    private static async Task<JsonElement> Health(GatewayProcess node)
    {
        using var http = MessengerClient.Anonymous(node.Address);
        return await http.GetFromJsonAsync<JsonElement>("/health");
    }
}
