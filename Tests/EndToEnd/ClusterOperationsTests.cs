using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>
/// Operating a cluster of two real server processes on loopback sharing the private PostgreSQL: the
/// cluster view shows both nodes with their figures, a node leaves gracefully (asked from the panel's
/// API on the other node, or by SIGTERM) while clients on both go on, the one on the leaving node only
/// reconnecting — to the other node, with its token — and catching up by <c>sync</c> with no gap and no
/// duplicate; and the readiness endpoint follows the database.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class ClusterOperationsTests(PostgresInstance postgres)
{
    [Theory]
    [InlineData("leave")]
    [InlineData("TERM")]
    public async Task A_node_leaving_gracefully_costs_its_clients_only_a_reconnect_and_the_other_node_serves_everything(string how)
    {
        var db = postgres.CreateDatabase();
        await using var cluster = await TwoNodes.Start(db);
        var (a, b) = (cluster.First, cluster.Second);
        using var admin = MessengerClient.Authorized(a.Address, (await MessengerClient.LoginAsync(a.Address, "admin", "admin123")).Token);

        var view = await Poll.UntilValue(
            () => admin.GetFromJsonAsync<JsonElement>("/admin/cluster"),
            v => v.GetProperty("up").GetInt32() == 2 && v.GetProperty("answered").GetInt32() == 2,
            TimeSpan.FromSeconds(30));
        var nodes = view.GetProperty("nodes").EnumerateArray().ToList();
        var bMember = nodes.Single(n => n.GetProperty("node").GetProperty("urls").EnumerateArray().Any(u => u.GetString() == Url(b)));
        Assert.Contains(nodes, n => n.GetProperty("self").GetBoolean() && n.GetProperty("node").GetProperty("urls")[0].GetString() == Url(a));
        Assert.Single(nodes, n => n.GetProperty("leader").GetBoolean());
        Assert.Single(nodes, n => n.GetProperty("oldest").GetBoolean());
        var bAddress = bMember.GetProperty("address").GetString()!;

        // user1 on the node that will leave, user2 on the one that stays.
        await using var onB = await MessengerClient.ConnectAsync(b.Address, "user1", "123456");
        await using var onA = await MessengerClient.ConnectAsync(a.Address, "user2", "123456");
        var stopping = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        onB.Hub.On<JsonElement>("server_stopping", e => stopping.TrySetResult(e));
        var seqs = new List<long>();
        string chatId = "";
        for (var i = 1; i <= 5; i++)
        {
            var ack = await onA.SendText(onB.UserId, $"до ухода {i}", clientId: $"before-{i}");
            chatId = ack.GetProperty("chatId").GetString()!;
            seqs.Add(ack.GetProperty("seq").GetInt64());
        }

        await Poll.Until(() => onB.Log("new_message").All.Count == 5, () => $"{onB.Log("new_message").All.Count} of 5 delivered across nodes");

        if (how == "leave")
        {
            var left = await admin.PostAsJsonAsync(new Uri("/admin/cluster/leave", UriKind.Relative), new { address = bAddress });
            Assert.Equal(HttpStatusCode.Accepted, left.StatusCode);
            Assert.Equal(bAddress, (await left.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("address").GetString());
        }
        else
        {
            b.Signal("TERM");
        }

        // The node that stays serves its client throughout: every send is acknowledged, none refused.
        for (var i = 6; i <= 10; i++)
        {
            seqs.Add((await onA.SendText(onB.UserId, $"во время ухода {i}", clientId: $"during-{i}")).GetProperty("seq").GetInt64());
        }

        Assert.Equal("shutdown", (await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30))).GetProperty("reason").GetString());
        await onB.Closed;
        Assert.Equal(0, await b.WaitForExit(TimeSpan.FromSeconds(45)));
        Assert.Contains("Stopping (shutdown)", b.Output, StringComparison.Ordinal);

        await Poll.Until(async () => (await admin.GetFromJsonAsync<JsonElement>("/admin/cluster")).GetProperty("members").GetInt32() == 1, timeout: TimeSpan.FromSeconds(30));
        if (how == "leave")
        {
            var audit = await admin.GetFromJsonAsync<JsonElement>("/admin/audit");
            Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "cluster_leave" && e.GetProperty("target").GetString() == bAddress);
        }

        // The client of the node that left comes back on the other one with its token and catches up.
        var seen = onB.Log("new_message").All.Select(e => e.GetProperty("updateSeq").GetInt64()).ToList();
        await using var back = await MessengerClient.ConnectAsync(a.Address, onB.UserId, onB.Token);
        var synced = await back.Hub.InvokeAsync<JsonElement>("sync", new { chats = new[] { new { chatId, updateSeq = seen.Max() } } });
        var updates = synced.GetProperty("chats").EnumerateArray().Single().GetProperty("updates").EnumerateArray().ToList();
        var all = seen.Concat(updates.Select(u => u.GetProperty("updateSeq").GetInt64())).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all);
        var messages = onB.Log("new_message").All.Concat(updates).Select(u => u.GetProperty("message").GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs, messages);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Ready_answers_503_while_the_database_is_away_and_200_again_once_it_is_back()
    {
        var db = postgres.CreateDatabase();
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path, "--db", db, "--Messenger:Backups:Every", "0");
        using var http = MessengerClient.Anonymous(server.BaseAddress);
        await Poll.Until(async () => (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK);

        postgres.Stop();
        try
        {
            var away = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, away.StatusCode);
            var body = await away.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(body.GetProperty("database").GetProperty("reachable").GetBoolean());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("database").GetProperty("error").GetString()));
            Assert.True(body.GetProperty("cluster").GetProperty("member").GetBoolean());

            // Liveness stays 200: the process answers, only the balancer should look elsewhere.
            var live = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.False((await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ready").GetBoolean());
        }
        finally
        {
            postgres.Start();
        }

        await Poll.Until(async () => (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK, timeout: TimeSpan.FromSeconds(30));
    }

    private static string Url(GatewayProcess node) => node.Address.ToString().TrimEnd('/');

    /// <summary>Two server processes on one database: the second joins the first through its cluster port.</summary>
    public sealed class TwoNodes : IAsyncDisposable
    {
        private TwoNodes(GatewayProcess first, GatewayProcess second, TempDirectory[] data)
        {
            First = first;
            Second = second;
            _data = data;
        }

        private readonly TempDirectory[] _data;

        public GatewayProcess First { get; }

        public GatewayProcess Second { get; }

        public static async Task<TwoNodes> Start(string db)
        {
            var data = new[] { new TempDirectory(), new TempDirectory() };
            var firstCluster = GatewayProcess.FreePort();
            var first = await GatewayProcess.StartServer(GatewayProcess.FreePort(), data[0].Path, null, NodeArguments(db, firstCluster));
            try
            {
                var second = await GatewayProcess.StartServer(GatewayProcess.FreePort(), data[1].Path, null, [.. NodeArguments(db, GatewayProcess.FreePort()), "--seed", $"127.0.0.1:{firstCluster}"]);
                return new TwoNodes(first, second, data);
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Second.DisposeAsync();
            await First.DisposeAsync();
            foreach (var folder in _data)
            {
                folder.Dispose();
            }
        }

        private static string[] NodeArguments(string db, int clusterPort) =>
            ["--db", db, "--cluster-port", clusterPort.ToString(CultureInfo.InvariantCulture), "--Messenger:Backups:Every", "0"];
    }
}
