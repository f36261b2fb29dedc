using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>
/// A flood of idle sockets from one address and hub connections of one user beyond lowered caps: the
/// excess is closed at once, the server stays up, and other people connect, send and receive meanwhile.
/// </summary>
public sealed class ConnectionFloodTests
{
    private const int PerAddress = 40;
    private const int HubPerUser = 3;
    private const int IdleSockets = 2000;

    [Fact]
    public async Task Idle_sockets_and_hub_connections_beyond_the_caps_are_refused_while_others_talk()
    {
        await using var server = new TempDirectoryServer(
            "--Messenger:Connections:PerAddress", PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Messenger:Connections:HubConnectionsPerUser", HubPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // Long, so that only the address cap can close the idle sockets while the test looks.
            "--Messenger:Connections:RequestHeadersTimeout", "00:10:00");
        await server.StartAsync();
        var baseline = await ManagedBytes(server.Address);

        // One machine opens thousands of sockets and sends nothing.
        var flood = new List<(Socket Socket, Task<int> Closed)>();
        try
        {
            for (var i = 0; i < IdleSockets; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 0));
                try
                {
                    await socket.ConnectAsync(server.Address.Host, server.Address.Port);
                    flood.Add((socket, ClosedByServer(socket)));
                }
                catch (SocketException)
                {
                    // Reset while being refused: closed by the server as well.
                    flood.Add((socket, Task.FromResult(0)));
                }
            }

            // All but the address's allowance are closed by the server.
            await Poll.Until(() => flood.Count(f => f.Closed.IsCompleted) >= IdleSockets - PerAddress, () => $"{flood.Count(f => f.Closed.IsCompleted)} of {IdleSockets} closed", TimeSpan.FromMinutes(2));

            // Meanwhile everyone else is served: two users talk live.
            await using var alice = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
            await using var bob = await MessengerClient.ConnectAsync(server.Address, "user2", "123456");
            await alice.SendText(bob.UserId, "still up?");
            Assert.Equal("still up?", (await bob.Next("new_message")).GetProperty("message").GetProperty("text").GetString());

            // One user's hub connections stop at the cap, with a coded 429.
            var (carolId, carolToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
            var held = new List<MessengerClient>();
            try
            {
                for (var i = 0; i < HubPerUser; i++)
                {
                    held.Add(await MessengerClient.ConnectAsync(server.Address, carolId, carolToken));
                }

                var refused = await Assert.ThrowsAsync<HttpRequestException>(() => MessengerClient.ConnectAsync(server.Address, carolId, carolToken));
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                using var http = MessengerClient.Authorized(server.Address, carolToken);
                var answer = await http.PostAsync(new Uri("/hub/negotiate?negotiateVersion=1", UriKind.Relative), null);
                Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
                Assert.NotNull(answer.Headers.RetryAfter);
                Assert.Equal("too_many_connections", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

                // Closing one makes room again.
                await held[0].DisposeAsync();
                held.RemoveAt(0);
                await Poll.Until(async () =>
                {
                    try
                    {
                        held.Add(await MessengerClient.ConnectAsync(server.Address, carolId, carolToken));
                        return true;
                    }
                    catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        return false;
                    }
                });
            }
            finally
            {
                foreach (var client in held)
                {
                    await client.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var (socket, _) in flood)
            {
                socket.Dispose();
            }
        }

        // With the flood gone, the server's memory comes back near where it started.
        var after = await Poll.UntilValue(() => ManagedBytes(server.Address), bytes => bytes < baseline + (64L * 1024 * 1024));
        Assert.True(after < baseline + (64L * 1024 * 1024));
    }

    /// <summary>Completes when the server closes the socket (a read returns nothing or fails).</summary>
    private static async Task<int> ClosedByServer(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }

    private static async Task<long> ManagedBytes(Uri server)
    {
        var (_, token) = await MessengerClient.LoginAsync(server, "admin", "admin123");
        using var http = MessengerClient.Authorized(server, token);
        var memory = await (await http.PostAsync(new Uri("/admin/server/memory", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>();
        return memory.GetProperty("managedBytes").GetInt64();
    }
}
