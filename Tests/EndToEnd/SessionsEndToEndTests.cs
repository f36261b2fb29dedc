using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

public sealed class SessionsEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

    private static async Task<HttpStatusCode> StatusOf(Uri server, string token, string path = "/api/chats")
    {
        using var http = MessengerClient.Authorized(server, token);
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("unauthorized", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        return response.StatusCode;
    }

    private static async Task<HttpStatusCode?> HubRefusal(Uri server, string token)
    {
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        return refused.StatusCode;
    }

    /// <summary>Straight to the WebSocket, as a reconnecting client does: the hub's own authentication, not the scheme's negotiation.</summary>
    private static async Task<HubConnection> DirectHub(Uri server, string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("connected", _ => connected.TrySetResult());
        try
        {
            await hub.StartAsync();
            await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    private static async Task<JsonElement> Sessions(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/me/sessions")).GetProperty("sessions");

    [Fact]
    public async Task A_password_change_ends_every_other_session_refuses_its_token_and_closes_its_connection()
    {
        var user = await TestAccounts.Register(server.Address);
        var (_, otherToken) = await MessengerClient.LoginAsync(server.Address, user.Username, user.Password);
        await using var otherDevice = await MessengerClient.ConnectAsync(server.Address, user.Id, otherToken);
        await using var thisDevice = await TestAccounts.Device(server.Address, user);

        var changed = await thisDevice.Http.PostAsJsonAsync("/api/me/password", new { currentPassword = user.Password, newPassword = "new-pass-789" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(1, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endedSessions").GetInt32());

        var told = await otherDevice.Next("session_ended");
        Assert.Equal("password_changed", told.GetProperty("reason").GetString());
        await otherDevice.Closed;
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(server.Address, otherToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubRefusal(server.Address, otherToken));

        // The session that changed the password goes on, on REST and on its open connection.
        Assert.Equal(HttpStatusCode.OK, await StatusOf(server.Address, user.Token));
        var online = await thisDevice.Hub.InvokeAsync<JsonElement>("user_online", new { userId = user.Id });
        Assert.Contains(user.Id, online.GetProperty("users").EnumerateArray().Select(u => u.GetInt32()));
        Assert.Empty(thisDevice.Log("session_ended").All);
    }

    [Fact]
    public async Task Logout_ends_the_token_on_rest_and_on_the_hub()
    {
        var user = await TestAccounts.Register(server.Address);
        await using var device = await TestAccounts.Device(server.Address, user);

        var loggedOut = await device.Http.PostAsync(new Uri("/api/logout", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, loggedOut.StatusCode);

        Assert.Equal("logged_out", (await device.Next("session_ended")).GetProperty("reason").GetString());
        await device.Closed;
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(server.Address, user.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await HubRefusal(server.Address, user.Token));

        // Logging in again starts a new session that works.
        var (_, fresh) = await MessengerClient.LoginAsync(server.Address, user.Username, user.Password);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(server.Address, fresh));
    }

    [Fact]
    public async Task A_token_that_reconnected_straight_to_the_hub_is_refused_there_once_its_session_ends()
    {
        var user = await TestAccounts.Register(server.Address);
        var (_, otherToken) = await MessengerClient.LoginAsync(server.Address, user.Username, user.Password);
        await using var other = await MessengerClient.ConnectAsync(server.Address, user.Id, otherToken);

        // The second connect finds the token validated by the first.
        await (await DirectHub(server.Address, user.Token)).DisposeAsync();
        await (await DirectHub(server.Address, user.Token)).DisposeAsync();

        var ended = await other.Http.PostAsJsonAsync(new Uri("/api/me/sessions/end-others", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => DirectHub(server.Address, user.Token));

        // The other device's token still connects.
        await (await DirectHub(server.Address, other.Token)).DisposeAsync();
    }

    [Fact]
    public async Task The_session_list_shows_both_devices_and_ending_one_closes_its_connection()
    {
        var user = await TestAccounts.Register(server.Address);
        var (_, laptopToken) = await MessengerClient.LoginAsync(server.Address, user.Username, user.Password, WindowsChrome);
        await using var laptop = await MessengerClient.ConnectAsync(server.Address, user.Id, laptopToken);
        using var phone = MessengerClient.Authorized(server.Address, user.Token);

        var sessions = await Sessions(phone);
        Assert.Equal(2, sessions.GetArrayLength());
        var current = sessions.EnumerateArray().Single(s => s.GetProperty("current").GetBoolean());
        var other = sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean());
        Assert.Equal("Chrome on Windows", other.GetProperty("device").GetString());
        Assert.Equal(WindowsChrome, other.GetProperty("userAgent").GetString());
        Assert.Equal("127.0.0.1", other.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.String, other.GetProperty("lastSeen").ValueKind);
        Assert.Equal(JsonValueKind.String, current.GetProperty("createdAt").ValueKind);

        var otherId = other.GetProperty("id").GetString()!;
        var ended = await phone.DeleteAsync(new Uri($"/api/me/sessions/{otherId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("ended_by_user", (await laptop.Next("session_ended")).GetProperty("reason").GetString());
        await laptop.Closed;
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(server.Address, laptopToken));

        var left = await Sessions(phone);
        Assert.Equal(current.GetProperty("id").GetString(), Assert.Single(left.EnumerateArray()).GetProperty("id").GetString());

        var again = await phone.DeleteAsync(new Uri($"/api/me/sessions/{otherId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("not_found", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Ending_all_other_sessions_keeps_only_the_current_one()
    {
        var user = await TestAccounts.Register(server.Address);
        var others = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            others.Add((await MessengerClient.LoginAsync(server.Address, user.Username, user.Password)).Token);
        }

        await using var device = await MessengerClient.ConnectAsync(server.Address, user.Id, others[0]);
        using var http = MessengerClient.Authorized(server.Address, user.Token);
        var response = await http.PostAsync(new Uri("/api/me/sessions/end-others", UriKind.Relative), null);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());

        Assert.Equal("ended_by_user", (await device.Next("session_ended")).GetProperty("reason").GetString());
        foreach (var token in others)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(server.Address, token));
        }

        Assert.True(Assert.Single((await Sessions(http)).EnumerateArray()).GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task A_token_signed_with_the_real_key_for_a_user_or_session_that_does_not_exist_gets_401()
    {
        var tokens = server.Services.GetRequiredService<TokenService>();
        var ghost = new UserAccount(987_654, "ghost", "Ghost", Roles.User, string.Empty, DateTimeOffset.UtcNow, null);
        var madeUp = new SessionView("made-up-session", "", null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var forNobody = tokens.Issue(ghost, madeUp);

        var user = await TestAccounts.Register(server.Address);
        var forNoSession = tokens.Issue(new UserAccount(user.Id, user.Username, "", Roles.User, string.Empty, DateTimeOffset.UtcNow, null), madeUp);

        // As tokens were issued before sessions existed: signed, but without a session id.
        var key = server.Services.GetRequiredService<SigningKey>().Key;
        var sessionless = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = TokenService.Audience,
            Expires = DateTime.UtcNow.AddDays(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity([new Claim("sub", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim("name", user.Username), new Claim("role", Roles.User)]),
        });

        foreach (var token in new[] { forNobody, forNoSession, sessionless })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(server.Address, token, "/api/me"));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(server.Address, token, "/api/chats"));
            Assert.Equal(HttpStatusCode.Unauthorized, await HubRefusal(server.Address, token));
        }
    }

    [Fact]
    public async Task An_expired_tokens_open_connection_is_told_and_closed()
    {
        await using var shortLived = new TempDirectoryServer("--Messenger:TokenLifetime", "00:00:08");
        await shortLived.StartAsync();
        var user = await TestAccounts.Register(shortLived.Address);
        await using var device = await TestAccounts.Device(shortLived.Address, user);

        Assert.Equal("token_expired", (await device.Next("session_ended")).GetProperty("reason").GetString());
        await device.Closed;
    }
}
