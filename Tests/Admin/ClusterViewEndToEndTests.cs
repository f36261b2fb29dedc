using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>
/// <c>GET /admin/cluster</c>, <c>POST /admin/cluster/leave</c> and the health endpoints on one real
/// server (a one-node cluster); the two-node behaviour is in <c>ClusterOperationsTests</c>.
/// </summary>
public sealed class ClusterViewEndToEndTests
{
    [Fact]
    public async Task A_single_node_shows_itself_up_leader_and_oldest_with_its_entities_connections_and_url()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var admin = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin123")).Token);
        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        await using var two = await MessengerClient.ConnectAsync(server.Address, "user2", "123456");
        await one.SendText(two.UserId, "в кластере");

        Assert.Equal(HttpStatusCode.Forbidden, (await one.Http.GetAsync(new Uri("/admin/cluster", UriKind.Relative))).StatusCode);
        var view = await Poll.UntilValue(() => admin.GetFromJsonAsync<JsonElement>("/admin/cluster"), v =>
            v.GetProperty("nodes")[0].GetProperty("node").ValueKind == JsonValueKind.Object
            && v.GetProperty("nodes")[0].GetProperty("node").GetProperty("connections").GetInt32() == 2
            && v.GetProperty("nodes")[0].GetProperty("node").GetProperty("chats").GetInt32() >= 1);
        Assert.Equal(1, view.GetProperty("members").GetInt32());
        Assert.Equal(1, view.GetProperty("up").GetInt32());
        Assert.Equal(0, view.GetProperty("unreachable").GetInt32());
        var member = view.GetProperty("nodes")[0];
        var self = view.GetProperty("self").GetString();
        Assert.StartsWith("akka.tcp://messenger@", self, StringComparison.Ordinal);
        Assert.Equal(self, member.GetProperty("address").GetString());
        Assert.Equal(self, view.GetProperty("leader").GetString());
        Assert.Equal(self, view.GetProperty("oldest").GetString());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.True(member.GetProperty("reachable").GetBoolean());
        Assert.True(member.GetProperty("leader").GetBoolean());
        Assert.True(member.GetProperty("oldest").GetBoolean());
        Assert.True(member.GetProperty("self").GetBoolean());
        Assert.True(member.GetProperty("answered").GetBoolean());
        var node = member.GetProperty("node");
        Assert.Equal(self, node.GetProperty("address").GetString());
        Assert.Contains(server.Address.ToString().TrimEnd('/'), node.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        Assert.True(node.GetProperty("chatShards").GetInt32() >= 1);
        Assert.True(node.GetProperty("userShards").GetInt32() >= 1);

        // Each connected user has a user entity (their session's home).
        Assert.True(node.GetProperty("userEntities").GetInt32() >= 2);
        Assert.Equal(2, node.GetProperty("connectedUsers").GetInt32());
        Assert.False(node.GetProperty("stopping").GetBoolean());
        Assert.NotNull(node.GetProperty("upSince").GetString());
    }

    [Fact]
    public async Task Leave_refuses_a_missing_or_unknown_address_and_changes_nothing()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var admin = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin123")).Token);

        var missing = await admin.PostAsJsonAsync(new Uri("/admin/cluster/leave", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("invalid_request", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var unknown = await admin.PostAsJsonAsync(new Uri("/admin/cluster/leave", UriKind.Relative), new { address = "akka.tcp://messenger@10.9.9.9:4053" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var anonymous = MessengerClient.Anonymous(server.Address);
        var ready = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Health_says_the_node_is_an_up_member_and_the_database_answers_and_ready_turns_503_once_a_stop_is_asked()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var anonymous = MessengerClient.Anonymous(server.Address);
        var health = await Poll.UntilValue(() => anonymous.GetFromJsonAsync<JsonElement>("/health"), h => h.GetProperty("ready").GetBoolean());
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
        Assert.StartsWith("akka.tcp://messenger@", health.GetProperty("node").GetString(), StringComparison.Ordinal);
        Assert.Equal("Up", health.GetProperty("cluster").GetProperty("status").GetString());
        Assert.True(health.GetProperty("cluster").GetProperty("member").GetBoolean());
        Assert.True(health.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.False(health.GetProperty("stopping").GetBoolean());

        var ready = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // A stop asked but not yet begun: the balancer stops sending browsers here first.
        server.Services.GetRequiredService<ActorMessenger.Admin.Api.IServerControl>().Request("shutdown");
        var refused = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.True(body.GetProperty("stopping").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }
}
