using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>
/// Failed logins slow the account from the failing address, then (bounded) from everywhere it never
/// logged in from; the owner's own address keeps working. Addresses count failures only. Every 429 says
/// when to retry. The delays are long here, so no step depends on how fast the test runs.
/// </summary>
public sealed class LoginThrottleTests
{
    private static readonly string[] Limits =
    [
        "--Messenger:Login:FreeFailures", "3",
        "--Messenger:Login:FreeFailuresEverywhere", "6",
        "--Messenger:Login:FirstDelay", "00:10:00",
        "--Messenger:AuthAttemptsPerMinute", "5",
    ];

    [Fact]
    public async Task An_attacker_on_many_addresses_slows_the_account_but_not_its_owner_on_their_own_address()
    {
        await using var server = new TempDirectoryServer(Limits);
        await server.StartAsync();
        using var owner = LoopbackAddresses.From(server.Address, 2);
        Assert.Equal(HttpStatusCode.OK, await Login(owner, "user1", "123456"));

        using var attacker = LoopbackAddresses.From(server.Address, 3);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await Login(attacker, "user1", $"guess-{i}"));
        }

        // Past the free failures: this address waits, even with the right password.
        await AssertRateLimited(attacker, "user1", "guess-x");
        await AssertRateLimited(attacker, "user1", "123456");

        // Other addresses may still try, until the account's failures from everywhere pass their limit.
        for (var last = 4; last <= 6; last++)
        {
            using var other = LoopbackAddresses.From(server.Address, last);
            Assert.Equal(HttpStatusCode.Unauthorized, await Login(other, "user1", "nope-nope"));
        }

        using var fresh = LoopbackAddresses.From(server.Address, 7);
        await AssertRateLimited(fresh, "user1", "123456");

        // The owner, from where they logged in before, is not held back by any of it.
        Assert.Equal(HttpStatusCode.OK, await Login(owner, "user1", "123456"));

        // Nor is anyone else's account.
        Assert.Equal(HttpStatusCode.OK, await Login(fresh, "user2", "123456"));
    }

    [Fact]
    public async Task An_address_counts_only_failures_and_its_known_users_keep_logging_in()
    {
        await using var server = new TempDirectoryServer(Limits);
        await server.StartAsync();
        using var office = LoopbackAddresses.From(server.Address, 8);

        // Successful logins are not counted against the address.
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await Login(office, "user2", "123456"));
        }

        // Someone behind the same address sprays guesses over many accounts: the address limit trips.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await Login(office, $"someone{i}", "guess-guess"));
        }

        await AssertRateLimited(office, "user3", "123456");

        // A user who logged in from here before is not locked out by the address limit alone.
        Assert.Equal(HttpStatusCode.OK, await Login(office, "user2", "123456"));
    }

    [Fact]
    public async Task Registrations_are_limited_per_address_and_hour()
    {
        await using var server = new TempDirectoryServer("--Messenger:RegistrationsPerAddressPerHour", "2");
        await server.StartAsync();
        using var one = LoopbackAddresses.From(server.Address, 10);
        Assert.Equal(HttpStatusCode.OK, await Register(one, "reg_one_a"));
        Assert.Equal(HttpStatusCode.OK, await Register(one, "reg_one_b"));
        var refused = await one.PostAsJsonAsync("/api/register", new { username = "reg_one_c", password = "secret-1", fullName = "C" });
        await AssertRetryAfter(refused);

        using var two = LoopbackAddresses.From(server.Address, 11);
        Assert.Equal(HttpStatusCode.OK, await Register(two, "reg_two_a"));

        // The refused one was not created.
        Assert.Equal(HttpStatusCode.Unauthorized, await Login(two, "reg_one_c", "secret-1"));
    }

    [Fact]
    public async Task Closed_registration_leaves_account_making_to_admins()
    {
        await using var server = new TempDirectoryServer("--Messenger:OpenRegistration", "false");
        await server.StartAsync();
        using var anonymous = MessengerClient.Anonymous(server.Address);
        var closed = await anonymous.PostAsJsonAsync("/api/register", new { username = "newbie", password = "secret-1", fullName = "N" });
        Assert.Equal(HttpStatusCode.Forbidden, closed.StatusCode);
        Assert.Equal("registration_closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var account = new { username = "newbie", password = "secret-1", fullName = "Newbie" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/admin/users", account)).StatusCode);
        var (_, userToken) = await MessengerClient.LoginAsync(server.Address, "user1", "123456");
        using var user = MessengerClient.Authorized(server.Address, userToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsJsonAsync("/admin/users", account)).StatusCode);

        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        var created = await admin.PostAsJsonAsync("/admin/users", account);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("user", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/admin/users", account)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/admin/users", new { username = "x", password = "secret-1" })).StatusCode);

        var (newbieId, _) = await MessengerClient.LoginAsync(server.Address, "newbie", "secret-1");
        Assert.True(newbieId > 0);
        var audit = await admin.GetFromJsonAsync<JsonElement>("/admin/audit");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "user_created");
    }

    private static async Task<HttpStatusCode> Login(HttpClient http, string username, string password) =>
        (await http.PostAsJsonAsync("/api/login", new { username, password })).StatusCode;

    private static async Task<HttpStatusCode> Register(HttpClient http, string username) =>
        (await http.PostAsJsonAsync("/api/register", new { username, password = "secret-1", fullName = username })).StatusCode;

    private static async Task AssertRateLimited(HttpClient http, string username, string password) =>
        await AssertRetryAfter(await http.PostAsJsonAsync("/api/login", new { username, password }));

    private static async Task AssertRetryAfter(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(response.Headers.RetryAfter!.Delta!.Value > TimeSpan.Zero);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate_limited", body.GetProperty("code").GetString());
        Assert.True(body.GetProperty("retryAfterMs").GetInt64() > 0);
    }
}
