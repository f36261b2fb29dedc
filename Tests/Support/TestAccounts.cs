using System.Net.Http.Json;
using System.Text.Json;

namespace ActorMessenger.Tests.Support;

public sealed record TestUser(int Id, string Token, string Username, string Password);

/// <summary>Fresh accounts per test keep tests that share a server independent.</summary>
public static class TestAccounts
{
    private static int _count;

    public static async Task<TestUser> Register(Uri server, string? fullName = null)
    {
        var username = $"u{Interlocked.Increment(ref _count)}_{Guid.NewGuid():N}"[..20];
        const string password = "pass-123456";
        using var http = MessengerClient.Anonymous(server);
        var response = await http.PostAsJsonAsync("/api/register", new { username, password, fullName = fullName ?? "Тест " + username });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestUser(body.GetProperty("user").GetProperty("id").GetInt32(), body.GetProperty("token").GetString()!, username, password);
    }

    public static Task<MessengerClient> Device(Uri server, TestUser user) => MessengerClient.ConnectAsync(server, user.Id, user.Token);
}
