using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
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
        // A chat the client already has everything of is left out of the answer (it got all ten live).
        var chat = synced.GetProperty("chats").EnumerateArray().SingleOrDefault();
        var updates = chat.ValueKind == JsonValueKind.Undefined ? [] : chat.GetProperty("updates").EnumerateArray().ToList();
        var all = seen.Concat(updates.Select(u => u.GetProperty("updateSeq").GetInt64())).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all);
        var messages = onB.Log("new_message").All.Concat(updates).Select(u => u.GetProperty("message").GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs, messages);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task A_client_whose_node_is_killed_goes_on_with_another_node_it_was_told_of_keeping_its_token_and_syncs_without_gap_or_duplicate()
    {
        var db = postgres.CreateDatabase();
        await using var cluster = await TwoNodes.Start(db);

        // Either may die; the later-started one is killed here (the first is the seed of the other).
        var (victim, survivor) = (cluster.Second, cluster.First);
        using var admin = MessengerClient.Authorized(survivor.Address, (await MessengerClient.LoginAsync(survivor.Address, "admin", "admin123")).Token);
        await Poll.Until(async () => (await admin.GetFromJsonAsync<JsonElement>("/admin/cluster")).GetProperty("answered").GetInt32() == 2, timeout: TimeSpan.FromSeconds(30));

        var onVictim = await MessengerClient.ConnectAsync(victim.Address, "user1", "123456");
        await using var onSurvivor = await MessengerClient.ConnectAsync(survivor.Address, "user2", "123456");
        var nodes = (await onVictim.Http.GetFromJsonAsync<JsonElement>("/api/cluster/nodes")).GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(new[] { Url(victim), Url(survivor) }.Order(StringComparer.Ordinal), nodes.Order(StringComparer.Ordinal));

        // A page loaded from the victim may call the survivor's API once the survivor has read the victim's
        // origin from the shared database (it asks again at most every ClusterOrigins.RefreshAtMost);
        // a stranger's page may not.
        await Poll.Until(async () => await AllowedOrigin(survivor, Url(victim)) == Url(victim), timeout: TimeSpan.FromSeconds(30));
        Assert.Null(await AllowedOrigin(survivor, "http://stranger.example:5000"));

        var seqs = new List<long>();
        string chatId = "";
        for (var i = 1; i <= 3; i++)
        {
            var ack = await onSurvivor.SendText(onVictim.UserId, $"до падения {i}", clientId: $"before-{i}");
            chatId = ack.GetProperty("chatId").GetString()!;
            seqs.Add(ack.GetProperty("seq").GetInt64());
        }

        await Poll.Until(() => onVictim.Log("new_message").All.Count == 3);
        victim.Signal("KILL");
        await victim.WaitForExit(TimeSpan.FromSeconds(15));
        await onVictim.Closed;
        var seen = onVictim.Log("new_message").All.Select(e => e.GetProperty("updateSeq").GetInt64()).ToList();
        var seenSeqs = onVictim.Log("new_message").All.Select(e => e.GetProperty("message").GetProperty("seq").GetInt64()).ToList();
        var (userId, token) = (onVictim.UserId, onVictim.Token);
        await onVictim.DisposeAsync();

        // Sends go on; one whose chat lived on the dead node is repeated with its client id until the chat is back.
        for (var i = 4; i <= 6; i++)
        {
            seqs.Add(await Acknowledged(() => onSurvivor.SendText(userId, $"после падения {i}", clientId: $"after-{i}")));
        }

        // The client goes on with the other node it was told of, with the same token.
        var other = new Uri(nodes.Single(n => n != Url(victim)));
        await using var back = await ConnectWhenServed(other, userId, token);
        var updates = new List<JsonElement>();
        var cursor = seen.Max();
        var synced = await Poll.UntilValue(
            async () =>
            {
                try
                {
                    return await back.Hub.InvokeAsync<JsonElement>("sync", new { chats = new[] { new { chatId, updateSeq = cursor } } });
                }
                catch (HubException)
                {
                    return default;
                }
            },
            r => r.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(60));
        updates.AddRange(synced.GetProperty("chats").EnumerateArray().Single().GetProperty("updates").EnumerateArray());
        var all = seen.Concat(updates.Select(u => u.GetProperty("updateSeq").GetInt64())).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(n => (long)n), all);
        Assert.Equal(seqs, seenSeqs.Concat(updates.Select(u => u.GetProperty("message").GetProperty("seq").GetInt64())));
        Assert.Equal(Enumerable.Range(1, 6).Select(n => (long)n), seqs);
    }

    [Fact]
    public async Task A_node_started_after_another_died_allows_the_dead_nodes_pages_from_the_shared_database_and_every_node_learns_the_new_one()
    {
        var db = postgres.CreateDatabase();
        await using var cluster = await TwoNodes.Start(db);
        var (a, b) = (cluster.First, cluster.Second);
        await Poll.Until(async () => await AllowedOrigin(a, Url(b)) == Url(b), timeout: TimeSpan.FromSeconds(30));

        b.Signal("KILL");
        await b.WaitForExit(TimeSpan.FromSeconds(15));

        // The new node never saw the dead one alive: only the shared database can tell it about it.
        var c = await cluster.StartAnother();
        await Poll.Until(async () => await AllowedOrigin(c, Url(b)) == Url(b), timeout: TimeSpan.FromSeconds(30));
        await Poll.Until(async () => await AllowedOrigin(c, Url(a)) == Url(a), timeout: TimeSpan.FromSeconds(30));
        Assert.Null(await AllowedOrigin(c, "http://stranger.example:5000"));
        await Poll.Until(async () => await AllowedOrigin(a, Url(c)) == Url(c), timeout: TimeSpan.FromSeconds(30));

        // Its pages may reach every node (CSP), the dead one's origin too (recorded once, kept).
        await Poll.Until(
            async () =>
            {
                var policy = await PagePolicy(c);
                return policy.Contains(Url(a), StringComparison.Ordinal) && policy.Contains(Url(b), StringComparison.Ordinal);
            },
            timeout: TimeSpan.FromSeconds(30));
        await Poll.Until(async () => (await PagePolicy(a)).Contains(Url(c), StringComparison.Ordinal), timeout: TimeSpan.FromSeconds(30));
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

    /// <summary>What a CORS preflight from <paramref name="origin"/> to the node's API is answered: the allowed origin, or null.</summary>
    private static async Task<string?> AllowedOrigin(GatewayProcess node, string origin)
    {
        using var http = MessengerClient.Anonymous(node.Address);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/chats");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var answer = await http.SendAsync(preflight);
        return answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }

    /// <summary>The Content-Security-Policy of the node's web client page.</summary>
    private static async Task<string> PagePolicy(GatewayProcess node)
    {
        using var http = MessengerClient.Anonymous(node.Address);
        using var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        return page.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : string.Empty;
    }

    /// <summary>Connects, again while the node cannot serve the user yet (their entity lived on the dead node).</summary>
    private static async Task<MessengerClient> ConnectWhenServed(Uri node, int userId, string token)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await MessengerClient.ConnectAsync(node, userId, token);
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && ex is HubException or HttpRequestException or TimeoutException or InvalidOperationException or IOException)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Repeats a send (same client id) until it is acknowledged; its seq.</summary>
    private static Task<long> Acknowledged(Func<Task<JsonElement>> send) =>
        Poll.UntilValue(
            async () =>
            {
                try
                {
                    return (await send()).GetProperty("seq").GetInt64();
                }
                catch (HubException)
                {
                    return 0L;
                }
            },
            seq => seq > 0,
            TimeSpan.FromSeconds(60));

    /// <summary>Two server processes on one database: the second joins the first through its cluster port.</summary>
    public sealed class TwoNodes : IAsyncDisposable
    {
        private TwoNodes(string db, int firstCluster, GatewayProcess first, GatewayProcess second, TempDirectory[] data)
        {
            _db = db;
            _firstCluster = firstCluster;
            First = first;
            Second = second;
            _data = [.. data];
        }

        private readonly string _db;
        private readonly int _firstCluster;
        private readonly List<TempDirectory> _data;
        private readonly List<GatewayProcess> _more = [];

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
                return new TwoNodes(db, firstCluster, first, second, data);
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }
        }

        /// <summary>One more node on the same database, joining the first; stopped with the others.</summary>
        public async Task<GatewayProcess> StartAnother()
        {
            var data = new TempDirectory();
            _data.Add(data);
            var node = await GatewayProcess.StartServer(GatewayProcess.FreePort(), data.Path, null, [.. NodeArguments(_db, GatewayProcess.FreePort()), "--seed", $"127.0.0.1:{_firstCluster}"]);
            _more.Add(node);
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var node in _more)
            {
                await node.DisposeAsync();
            }

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
