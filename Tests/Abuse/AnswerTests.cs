using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Tests.EndToEnd;
using ActorMessenger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>Bad client input gets a coded 4xx, never a 5xx; every answer carries the hardening headers.</summary>
public sealed class AnswerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_truncated_multipart_upload_is_a_400_with_a_code()
    {
        var (_, token) = await MessengerClient.LoginAsync(server.Address, "user1", "123456");
        using var http = MessengerClient.Authorized(server.Address, token);
        const string boundary = "XyZ";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"chatId\"\r\n\r\ng_general\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhalf a fi";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new("multipart/form-data") { Parameters = { new("boundary", boundary) } };
        var response = await http.PostAsync(new Uri("/api/files", UriKind.Relative), content);
        await AssertCoded(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task An_upload_whose_body_ends_early_gets_no_5xx()
    {
        var (_, token) = await MessengerClient.LoginAsync(server.Address, "user1", "123456");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 5000\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        tcp.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string? status;
        try
        {
            status = await reader.ReadLineAsync();
        }
        catch (IOException)
        {
            // Reset: the server dropped the half-sent request, which is fine.
            status = null;
        }

        // The client is gone half-way: the server may not answer at all, but never with a 5xx.
        Assert.True(status is null or "" || !status.Contains(" 5", StringComparison.Ordinal), status);
        await AssertServerStillAnswers();
    }

    [Fact]
    public async Task A_well_signed_token_for_a_user_that_does_not_exist_is_a_401()
    {
        var tokens = server.Services.GetRequiredService<TokenService>();
        var now = DateTimeOffset.UtcNow;
        var ghost = new UserAccount(987654, "ghost", "Ghost", Roles.User, "x", now, null);
        var token = tokens.Issue(ghost, new SessionView("s-ghost", "test", null, now, now, now.AddHours(1)));
        using var http = MessengerClient.Authorized(server.Address, token);
        await AssertCoded(await http.GetAsync(new Uri("/api/users", UriKind.Relative)), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        await AssertCoded(await http.GetAsync(new Uri("/api/chats", UriKind.Relative)), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Theory]
    [InlineData("/api/login", "text/plain", "{\"username\":\"a\",\"password\":\"b\"}")]
    [InlineData("/api/login", "application/json", "{\"username\":")]
    [InlineData("/api/login", "application/json", "{\"username\":1,\"password\":[]}")]
    [InlineData("/api/register", "application/xml", "<x/>")]
    [InlineData("/api/login", "application/json", "")]
    [InlineData("/api/login", "application/json; charset=utf-7", "{\"username\":\"a\",\"password\":\"b\"}")]
    [InlineData("/api/register", "application/json; charset=no-such-charset", "{}")]
    public async Task Malformed_bodies_and_wrong_types_are_a_400_with_a_code(string path, string type, string body)
    {
        using var http = MessengerClient.Anonymous(server.Address);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
        var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(json.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Huge_headers_are_refused_with_a_4xx()
    {
        using var http = MessengerClient.Anonymous(server.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/users", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("X-Big", new string('a', 64 * 1024));
        var response = await http.SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertServerStillAnswers();
    }

    [Theory]
    [InlineData("GET", "/api/users")]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("POST", "/api/login")]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/admin/stats")]
    public async Task Api_answers_say_nosniff_and_no_store_and_name_no_server(string method, string path)
    {
        using var http = MessengerClient.Anonymous(server.Address);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { username = "user1", password = "123456" });
        }

        var response = await http.SendAsync(request);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/chats/some-client-route")]
    [InlineData("/index.html")]
    public async Task Pages_carry_a_strict_policy_that_forbids_framing(string path)
    {
        using var http = MessengerClient.Anonymous(server.Address);
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    private static async Task AssertCoded(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        Assert.False(json.GetProperty("success").GetBoolean());
        Assert.Equal(code, json.GetProperty("code").GetString());
    }

    private async Task AssertServerStillAnswers()
    {
        using var http = MessengerClient.Anonymous(server.Address);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }
}
