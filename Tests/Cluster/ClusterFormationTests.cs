using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Cluster;

/// <summary>
/// Server processes sharing one PostgreSQL database find each other through it and form one cluster,
/// over TLS with the cluster's own certificate; a process with another certificate cannot join.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class ClusterFormationTests(PostgresInstance postgres)
{
    [Fact]
    public async Task Three_nodes_started_at_once_form_one_cluster_whose_users_reach_every_connection_and_a_stranger_certificate_is_refused()
    {
        var database = postgres.CreateDatabase();
        await using var nodes = new ClusterNodes(database);
        var started = await nodes.StartFormed(3);

        Assert.Single(started, n => n.Output.Contains("forms the cluster", StringComparison.Ordinal));

        // One user on two nodes, the sender on the third: the message reaches both connections.
        var (id1, token1) = await ClusterNodes.Login(started[0], "user1", "123456");
        var (id2, token2) = await ClusterNodes.Login(started[1], "user2", "123456");
        await using var first = await MessengerClient.ConnectAsync(started[0].Address, id1, token1);
        await using var second = await MessengerClient.ConnectAsync(started[2].Address, id1, token1);
        await using var sender = await MessengerClient.ConnectAsync(started[1].Address, id2, token2);
        var sent = await sender.SendText(id1, "через три узла");
        foreach (var device in new[] { first, second })
        {
            var received = await ClusterNodes.Explained(device.Next("new_message", m => m.GetProperty("message").GetProperty("seq").GetInt64() == sent.GetProperty("seq").GetInt64()), started);
            Assert.Equal("через три узла", received.GetProperty("message").GetProperty("text").GetString());
        }

        // Another certificate, pointed straight at a member: the handshake fails, it never becomes a member.
        using var strangerData = new TempDirectory();
        using var certificate = new TempDirectory();
        var pfx = Path.Combine(certificate.Path, "other.pfx");
        await File.WriteAllBytesAsync(pfx, ActorMessenger.Gateway.Cluster.ClusterCertificate.Create());
        var strangerPort = GatewayProcess.FreePort();
        var memberPort = nodes.ClusterPorts[started[0]];
        var (exitCode, output) = await GatewayProcess.RunToExit(
            "dotnet",
            GatewayProcess.GatewayCommand(GatewayProcess.ServerArguments(GatewayProcess.FreePort(), strangerData.Path, ClusterNodes.Arguments(postgres.CreateDatabase(), strangerPort, "--cluster-cert", pfx, "--seed", $"127.0.0.1:{memberPort}"))),
            ClusterNodes.Within);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("could not join the cluster", output, StringComparison.Ordinal);
        Assert.DoesNotContain("members:", output, StringComparison.Ordinal);
        foreach (var node in started)
        {
            Assert.DoesNotContain($":{strangerPort};", node.Output, StringComparison.Ordinal);
            Assert.Equal(3, ClusterNodes.LastMemberCount(node.Output));
        }

        // The cluster carries on as before.
        var after = await sender.SendText(id1, "после чужака");
        Assert.Equal(sent.GetProperty("seq").GetInt64() + 1, after.GetProperty("seq").GetInt64());
        await first.Next("new_message", m => m.GetProperty("message").GetProperty("text").GetString() == "после чужака");
    }
}
