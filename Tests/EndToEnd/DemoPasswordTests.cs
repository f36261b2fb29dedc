using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Demo accounts are for a first look on one machine: beyond loopback only once their passwords changed.</summary>
public sealed class DemoPasswordTests
{
    private static string[] Args(string dataDir, params string[] extra) =>
        ["--host", "0.0.0.0", "--port", "0", "--data-dir", dataDir, "--Logging:LogLevel:Default", "Warning", .. extra];

    [Fact]
    public async Task A_fresh_server_on_a_lan_address_refuses_to_start_before_listening_and_says_how_to_fix_it()
    {
        using var data = new TempDirectory();
        var app = MessengerServer.Build(Args(data.Path));
        try
        {
            var refused = await Assert.ThrowsAsync<DemoPasswordsRefusedException>(() => app.StartAsync());
            Assert.Contains("admin", refused.Message, StringComparison.Ordinal);
            Assert.Contains("--allow-demo-passwords", refused.Message, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1", refused.Message, StringComparison.Ordinal);

            // Kestrel never bound: with port 0 a bound server reports the port it got.
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Assert.DoesNotContain(addresses, a => new Uri(a.Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port != 0);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_refusal_ends_the_process_with_exit_code_3_and_one_message()
    {
        using var data = new TempDirectory();
        using var errors = new StringWriter();
        Assert.Equal(3, await MessengerServer.RunAsync(Args(data.Path), errors));
        Assert.Contains("Refusing to listen on 0.0.0.0", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_starts_on_a_lan_address_with_allow_demo_passwords_or_without_demo_accounts()
    {
        using (var allowed = new TempDirectory())
        {
            await using var server = await RunningServer.StartAsync(allowed.Path, "--host", "0.0.0.0", "--allow-demo-passwords");
            Assert.NotEqual(0, server.BaseAddress.Port);
        }

        using var none = new TempDirectory();
        await using var plain = await RunningServer.StartAsync(none.Path, "--host", "0.0.0.0", "--Messenger:DemoUsers", "false");
        Assert.NotEqual(0, plain.BaseAddress.Port);
    }

    [Fact]
    public async Task Once_the_demo_passwords_are_changed_it_starts_on_a_lan_address_and_the_login_no_longer_asks_for_a_change()
    {
        using var data = new TempDirectory();
        await using (var local = await RunningServer.StartAsync(data.Path))
        {
            foreach (var (username, password, _, _) in DemoUsersSeeder.DemoAccounts)
            {
                var login = await Login(local.BaseAddress, username, password);
                Assert.True(login.GetProperty("mustChangePassword").GetBoolean());
                using var http = MessengerClient.Authorized(local.BaseAddress, login.GetProperty("token").GetString()!);
                var changed = await http.PostAsJsonAsync("/api/me/password", new { currentPassword = password, newPassword = "a-better-one-" + username });
                changed.EnsureSuccessStatusCode();
            }

            var again = await Login(local.BaseAddress, "admin", "a-better-one-admin");
            Assert.False(again.GetProperty("mustChangePassword").GetBoolean());
            var registered = await TestAccounts.Register(local.BaseAddress);
            Assert.False((await Login(local.BaseAddress, registered.Username, registered.Password)).GetProperty("mustChangePassword").GetBoolean());
        }

        await using var lan = await RunningServer.StartAsync(data.Path, "--host", "0.0.0.0");
        Assert.NotEqual(0, lan.BaseAddress.Port);
    }

    private static async Task<JsonElement> Login(Uri server, string username, string password)
    {
        using var http = MessengerClient.Anonymous(server);
        var response = await http.PostAsJsonAsync("/api/login", new { username, password });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
