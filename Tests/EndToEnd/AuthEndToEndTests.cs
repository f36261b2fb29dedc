using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

public sealed class AuthEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Register_answers_like_the_old_server_plus_a_token_that_works()
    {
        using var http = MessengerClient.Anonymous(server.Address);
        var (status, body) = await Post(http, "/api/register", """{"username":"olga","password":"s3cret-pass","fullName":"Ольга"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("olga", body.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("Ольга", body.GetProperty("user").GetProperty("fullName").GetString());
        Assert.True(body.GetProperty("user").GetProperty("id").GetInt32() > 3);

        using var authed = MessengerClient.Authorized(server.Address, body.GetProperty("token").GetString()!);
        var users = await authed.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Contains(users.GetProperty("users").EnumerateArray(), u => u.GetProperty("username").GetString() == "olga");

        var (again, error) = await Post(http, "/api/register", """{"username":"OLGA","password":"another1","fullName":""}""");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("username_taken", error.GetProperty("code").GetString());
        Assert.False(error.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("""{"username":"ab","password":"123456"}""", HttpStatusCode.BadRequest, "invalid_username")]
    [InlineData("""{"username":"valid_name","password":"123"}""", HttpStatusCode.BadRequest, "invalid_password")]
    [InlineData("""{"password":"123456"}""", HttpStatusCode.BadRequest, "invalid_username")]
    [InlineData("""{"username":"valid_name","password":"123456","fullName":"bad\u0001name"}""", HttpStatusCode.BadRequest, "invalid_full_name")]
    [InlineData("""{"username": "x", """, HttpStatusCode.BadRequest, "malformed_json")]
    [InlineData("""["not","an","object"]""", HttpStatusCode.BadRequest, "malformed_json")]
    public async Task Bad_registrations_get_a_coded_4xx_and_create_nothing(string json, HttpStatusCode expected, string code)
    {
        using var http = MessengerClient.Anonymous(server.Address);
        var (status, body) = await Post(http, "/api/register", json);
        Assert.Equal(expected, status);
        Assert.Equal(code, body.GetProperty("code").GetString());

        var (_, token) = await MessengerClient.LoginAsync(server.Address, "user1", "123456");
        using var authed = MessengerClient.Authorized(server.Address, token);
        var users = await authed.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.DoesNotContain(users.GetProperty("users").EnumerateArray(), u => u.GetProperty("username").GetString() == "valid_name");
    }

    [Fact]
    public async Task Login_refuses_wrong_passwords_and_unknown_users_alike()
    {
        using var http = MessengerClient.Anonymous(server.Address);
        var (wrong, body) = await Post(http, "/api/login", """{"username":"user1","password":"nope-nope"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal("invalid_credentials", body.GetProperty("code").GetString());

        var (unknown, body2) = await Post(http, "/api/login", """{"username":"nobody","password":"whatever"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown);
        Assert.Equal(body.GetProperty("error").GetString(), body2.GetProperty("error").GetString());

        var (ok, good) = await Post(http, "/api/login", """{"username":"admin","password":"admin123"}""");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("Администратор", good.GetProperty("user").GetProperty("fullName").GetString());
        Assert.Equal("admin", good.GetProperty("user").GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("/api/users")]
    [InlineData("/api/chats")]
    [InlineData("/api/messages/dm-1-2")]
    [InlineData("/admin/server/status")]
    public async Task Every_endpoint_but_login_and_register_needs_a_token(string path)
    {
        using var http = MessengerClient.Anonymous(server.Address);
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var forged = MessengerClient.Authorized(server.Address, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.bm90LXNpZ25lZA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_connections_without_a_valid_token()
    {
        await using var anonymous = new HubConnectionBuilder().WithUrl(new Uri(server.Address, "/hub")).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);

        await using var forged = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hub"), o => o.AccessTokenProvider = () => Task.FromResult<string?>("not-a-token"))
            .Build();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_need_the_admin_role()
    {
        var (_, userToken) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
        using var user = MessengerClient.Authorized(server.Address, userToken);
        var refused = await user.GetAsync(new Uri("/admin/server/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("forbidden", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        var status = await admin.GetFromJsonAsync<JsonElement>("/admin/server/status");
        Assert.True(status.GetProperty("running").GetBoolean());
        Assert.Equal(server.Address.Port, status.GetProperty("port").GetInt32());

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync(new Uri("/admin/server/memory", UriKind.Relative), null)).StatusCode);
        var memory = await (await admin.PostAsync(new Uri("/admin/server/memory", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(memory.GetProperty("managedBytes").GetInt64() > 0);
        Assert.True(memory.GetProperty("workingSetBytes").GetInt64() >= memory.GetProperty("managedBytes").GetInt64());

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(new Uri("/admin/server/allocations", UriKind.Relative))).StatusCode);
        var allocations = await admin.GetFromJsonAsync<JsonElement>("/admin/server/allocations");
        Assert.True(allocations.GetProperty("allocatedBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task Login_is_rate_limited_per_address()
    {
        await using var limited = new TempDirectoryServer("--Messenger:AuthAttemptsPerMinute", "3");
        await limited.StartAsync();
        using var http = MessengerClient.Anonymous(limited.Address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await Post(http, "/api/login", """{"username":"user1","password":"wrong-one"}""")).Status);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Demo_users_can_be_turned_off()
    {
        await using var noDemo = new TempDirectoryServer("--Messenger:DemoUsers", "false");
        await noDemo.StartAsync();
        using var http = MessengerClient.Anonymous(noDemo.Address);
        var (status, _) = await Post(http, "/api/login", """{"username":"admin","password":"admin123"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
