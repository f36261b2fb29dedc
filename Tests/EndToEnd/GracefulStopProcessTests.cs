using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>The real server process under a bounded send load: SIGTERM, and a restart through start.sh.</summary>
public sealed class GracefulStopProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>SIGTERM is what a service manager sends; SIGINT is Ctrl+C in a terminal.</summary>
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_stop_signal_under_load_tells_clients_to_reconnect_exits_cleanly_and_keeps_every_acknowledged_message_once_at_its_seq(string signal)
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        await using var server = await GatewayProcess.StartServer(port, data.Path);
        var address = server.Address;
        var (user1, _) = await MessengerClient.LoginAsync(address, "user1", "123456");
        var (user2, _) = await MessengerClient.LoginAsync(address, "user2", "123456");
        var (admin, _) = await MessengerClient.LoginAsync(address, "admin", "admin123");
        (string Name, string Password, int To)[] senders = [("user1", "123456", user2), ("user2", "123456", user1), ("admin", "admin123", user1), ("user1", "123456", admin)];
        var clients = new List<ReconnectingClient>();
        foreach (var (name, password, _) in senders)
        {
            clients.Add(await ReconnectingClient.ConnectAsync(address, name, password));
        }

        // Each device sends one message after another with its own client ids until the server stops taking them.
        var acknowledged = new ConcurrentBag<(string ClientId, string ChatId, long Seq, string Text)>();
        var stop = new CancellationTokenSource();
        var loads = clients.Select((client, index) => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var clientId = $"d{index}-{i}";
                try
                {
                    var ack = await client.SendText(senders[index].To, $"load {clientId}", clientId);
                    acknowledged.Add((clientId, ack.GetProperty("chatId").GetString()!, ack.GetProperty("seq").GetInt64(), ack.GetProperty("text").GetString()!));
                }
                catch (Exception ex) when (ex is HubException or InvalidOperationException or TaskCanceledException or IOException or System.Net.WebSockets.WebSocketException)
                {
                    // Refused or cut by the stop: not acknowledged, so the client would send it again. A send
                    // racing the stop on a loaded machine has met a socket reset before the close handshake
                    // (twice in fresh CI runs); the device still reconnects, which is checked below.
                    return;
                }
            }
        })).ToList();

        await Poll.Until(() => acknowledged.Count >= 200, () => $"only {acknowledged.Count} acknowledged sends before the signal", Deadline);
        var stopwatch = Stopwatch.StartNew();
        server.Signal(signal);
        var exitCode = await server.WaitForExit(Deadline);
        var took = stopwatch.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(loads).WaitAsync(Deadline);
        output.WriteLine($"SIG{signal} to exit: {took.TotalMilliseconds:F0} ms, {acknowledged.Count} acknowledged sends");
        output.WriteLine(server.Output);
        Assert.Equal(0, exitCode);

        // Every device was told, and its connection closed in a way it reconnects from (not given up).
        foreach (var client in clients)
        {
            Assert.Equal("shutdown", (await client.ServerStopping.WaitAsync(Deadline)).GetProperty("reason").GetString());
            await client.Reconnecting.WaitAsync(Deadline);
            Assert.False(client.Closed.IsCompleted);
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await using var again = await GatewayProcess.StartServer(port, data.Path);
        var (_, token) = await MessengerClient.LoginAsync(address, "user1", "123456");
        var (_, adminToken) = await MessengerClient.LoginAsync(address, "admin", "admin123");
        foreach (var chat in acknowledged.GroupBy(a => a.ChatId))
        {
            var history = await ReconnectingClient.History(address, chat.Key.StartsWith("dm-2-3", StringComparison.Ordinal) ? token : adminToken, chat.Key);
            var seqs = history.Select(m => m.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
            var byClientId = history.GroupBy(m => m.GetProperty("clientId").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var ack in chat)
            {
                var stored = Assert.Single(byClientId[ack.ClientId]);
                Assert.Equal(ack.Seq, stored.GetProperty("seq").GetInt64());
                Assert.Equal(ack.Text, stored.GetProperty("text").GetString());
            }
        }
    }

    [Fact]
    public async Task A_restart_through_start_sh_comes_back_as_a_new_process_and_a_client_reconnects_to_its_history()
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        await using var script = await GatewayProcess.StartWithScript(port, data.Path);
        var address = script.Address;
        await using var one = await ReconnectingClient.ConnectAsync(address, "user1", "123456");
        var (user2, _) = await MessengerClient.LoginAsync(address, "user2", "123456");
        var (acknowledged, chatId) = await one.SendMany(user2, 10, "s");

        var (_, adminToken) = await MessengerClient.LoginAsync(address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(address, adminToken);
        var before = await admin.GetFromJsonAsync<JsonElement>("/admin/server/status");
        Assert.Equal("process", before.GetProperty("restartMode").GetString());
        var answer = await admin.PostAsync("/admin/server/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        Assert.Equal("restart", (await one.ServerStopping.WaitAsync(Deadline)).GetProperty("reason").GetString());
        await one.Reconnected.WaitAsync(Deadline);
        var after = await admin.GetFromJsonAsync<JsonElement>("/admin/server/status");
        Assert.NotEqual(before.GetProperty("pid").GetInt32(), after.GetProperty("pid").GetInt32());
        Assert.False(after.GetProperty("restartPending").GetBoolean());
        Assert.Contains("starting it again", script.Output, StringComparison.Ordinal);

        // The script runs the server with glibc's heap held to two arenas (an operator's own value would stay).
        var environment = (await File.ReadAllTextAsync($"/proc/{after.GetProperty("pid").GetInt32()}/environ")).Split('\0');
        Assert.Contains("MALLOC_ARENA_MAX=2", environment);

        var history = await ReconnectingClient.History(address, one.Token, chatId);
        Assert.Equal(acknowledged, history.Select(m => (m.GetProperty("clientId").GetString()!, m.GetProperty("seq").GetInt64())));
        Assert.Equal(11, (await one.SendText(user2, "after restart", "after")).GetProperty("seq").GetInt64());

        // SIGTERM to the script stops the server gracefully and ends the script with the server's code.
        script.Signal("TERM");
        Assert.Equal(0, await script.WaitForExit(Deadline));
        output.WriteLine(script.Output);
    }
}
