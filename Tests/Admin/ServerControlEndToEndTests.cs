using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Gateway.Hubs;
using ActorMessenger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.Admin;

public sealed class ServerControlEndToEndTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Server_status_is_for_admins_and_tells_the_old_fields_and_what_an_operator_needs()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var anonymous = MessengerClient.Anonymous(server.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/server/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/admin/server/restart", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/admin/server/shutdown", null)).StatusCode);
        await using var user = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.GetAsync("/admin/server/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.PostAsync("/admin/server/restart", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.PostAsync("/admin/server/shutdown", null)).StatusCode);

        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        var status = await admin.GetFromJsonAsync<JsonElement>("/admin/server/status");
        Assert.True(status.GetProperty("running").GetBoolean());
        Assert.True(status.GetProperty("uptime").GetDouble() >= 0);
        Assert.Equal(server.Address.Port, status.GetProperty("port").GetInt32());
        Assert.Equal(Environment.ProcessId, status.GetProperty("pid").GetInt32());
        Assert.Equal(Path.GetFullPath(server.DataPath), status.GetProperty("dataDir").GetString());
        Assert.Equal(1, status.GetProperty("connections").GetInt32());
        Assert.True(status.GetProperty("freeDiskBytes").GetInt64() > 0);
        Assert.False(status.GetProperty("restartPending").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("stopping").ValueKind);
        Assert.StartsWith("akka.tcp://messenger@", status.GetProperty("node").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(status.GetProperty("version").GetString()));
        Assert.Equal(ServerRestart.InProcessMode, status.GetProperty("restartMode").GetString());
        Assert.Equal(ServerRestart.ExitCode, status.GetProperty("restartExitCode").GetInt32());
        Assert.True(status.GetProperty("startedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.True(status.GetProperty("processStartedAt").GetDateTimeOffset() <= status.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task While_the_server_drains_new_connections_calls_and_writes_are_refused_with_unavailable_and_reads_are_served()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        await using var open = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        var (user2, token2) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
        await open.SendText(user2, "before the drain", "b1");

        server.Services.GetRequiredService<HubActivity>().BeginDraining();

        Assert.Equal("unavailable", await HubErrors.CodeOf(() => open.SendText(user2, "during the drain", "d1")));
        var write = await open.Http.PostAsJsonAsync("/api/logout", new { });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.NotNull(write.Headers.RetryAfter);
        Assert.Equal("unavailable", (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await Assert.ThrowsAnyAsync<Exception>(() => MessengerClient.ConnectAsync(server.Address, user2, token2));

        // Reads go on until the listener closes; nothing refused was stored.
        var history = await open.Http.GetFromJsonAsync<JsonElement>("/api/messages/dm-2-3");
        Assert.Equal(["b1"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("clientId").GetString()));
    }

    [Fact]
    public async Task A_restart_asked_by_an_admin_tells_clients_brings_the_server_back_in_the_same_process_and_keeps_every_acknowledged_message()
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        string[] args =
        [
            "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data.Path,
            "--Messenger:AuthAttemptsPerMinute", "10000", "--Logging:LogLevel:Default", "Warning",
        ];
        var address = new Uri($"http://127.0.0.1:{port}");
        var running = Task.Run(() => MessengerServer.RunAsync(args));
        await GatewayProcess.WaitUntilHealthy(address, () => running.IsCompleted, Deadline);

        await using var one = await ReconnectingClient.ConnectAsync(address, "user1", "123456");
        var (user2, _) = await MessengerClient.LoginAsync(address, "user2", "123456");
        var (acknowledged, chatId) = await one.SendMany(user2, 20, "r");

        var (_, adminToken) = await MessengerClient.LoginAsync(address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(address, adminToken);
        var answer = await admin.PostAsync("/admin/server/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("restart", body.GetProperty("action").GetString());
        Assert.Equal(ServerRestart.InProcessMode, body.GetProperty("restartMode").GetString());

        var stopping = await one.ServerStopping.WaitAsync(Deadline);
        Assert.Equal("restart", stopping.GetProperty("reason").GetString());
        Assert.True(stopping.GetProperty("reconnectAfterMs").GetInt32() > 0);

        // The close asked the client to reconnect (it did not give up), and the server came back by itself.
        await one.Reconnecting.WaitAsync(Deadline);
        await one.Reconnected.WaitAsync(Deadline);
        Assert.False(one.Closed.IsCompleted);
        Assert.False(running.IsCompleted);

        var history = await ReconnectingClient.History(address, one.Token, chatId);
        Assert.Equal(acknowledged, history.Select(m => (m.GetProperty("clientId").GetString()!, m.GetProperty("seq").GetInt64())));
        var after = await one.SendText(user2, "after restart", "after");
        Assert.Equal(21, after.GetProperty("seq").GetInt64());

        // The token outlived the restart (the signing key is in the data directory); the audit log has the restart.
        using var adminAgain = MessengerClient.Authorized(address, adminToken);
        var audit = await adminAgain.GetFromJsonAsync<JsonElement>("/admin/audit");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "server_restart");
        var status = await adminAgain.GetFromJsonAsync<JsonElement>("/admin/server/status");
        Assert.False(status.GetProperty("restartPending").GetBoolean());

        // A shutdown ends RunAsync with exit code 0; clients are told it is a shutdown.
        Assert.Equal(HttpStatusCode.Accepted, (await adminAgain.PostAsync("/admin/server/shutdown", null)).StatusCode);
        Assert.Equal(0, await running.WaitAsync(Deadline));
        Assert.Contains(one.Stopping, s => s.GetProperty("reason").GetString() == "shutdown");
    }
}
