using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>
/// The server process with a low file-descriptor limit (prlimit; soft = hard, so it cannot raise it)
/// under thousands of idle sockets from many addresses and more hub connections of one user than
/// allowed: it stays below its descriptor limit and alive with bounded memory, refuses the excess, keeps
/// talking to the people already connected, lets a new login in once the idle sockets are closed, and
/// logs the refusals in a bounded number of lines. At the limit itself the runtime used to die.
/// </summary>
public sealed class DescriptorLimitTests
{
    private const int DescriptorLimit = 1024;
    private const int IdleSockets = 3000;
    private const int HubPerUser = 20;
    private const int HubAttempts = 30;

    [Fact]
    public async Task A_flood_past_a_low_descriptor_limit_is_refused_and_the_server_keeps_serving()
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        string[] server =
        [
            "--nofile=" + DescriptorLimit.ToString(CultureInfo.InvariantCulture), "dotnet", GatewayProcess.GatewayDll,
            .. GatewayProcess.ServerArguments(
                port,
                data.Path,
                "--Messenger:Connections:PerAddress", "500",
                "--Messenger:Connections:HubConnectionsPerUser", HubPerUser.ToString(CultureInfo.InvariantCulture),
                "--Messenger:Connections:RequestHeadersTimeout", "00:00:05",
                "--Logging:LogLevel:ActorMessenger.Gateway.Hosting.RefusalLog", "Information"),
        ];
        await using var process = await GatewayProcess.Start("prlimit", server, port, new Dictionary<string, string>());
        Assert.Equal(DescriptorLimit, SoftDescriptorLimit(process.Pid));

        await using var alice = await MessengerClient.ConnectAsync(process.Address, "user1", "123456");
        await using var bob = await MessengerClient.ConnectAsync(process.Address, "user2", "123456");
        await alice.SendText(bob.UserId, "before");
        await bob.Next("new_message", m => Text(m) == "before");
        var rssBefore = ResidentBytes(process.Pid);
        var logBefore = process.Output.Length;

        var flood = new List<(Socket Socket, Task Closed)>();
        try
        {
            // Thousands of sockets from 12 addresses (so no per-address cap stops them) that send nothing.
            for (var i = 0; i < IdleSockets; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(new IPAddress([127, 0, 1, (byte)(10 + (i % 12))]), 0));
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port);
                    flood.Add((socket, ClosedByServer(socket)));
                }
                catch (SocketException)
                {
                    flood.Add((socket, Task.CompletedTask));
                }
            }

            // Most are closed at once, and the process never reaches its descriptor limit.
            await Poll.Until(() => flood.Count(f => f.Closed.IsCompleted) >= IdleSockets - DescriptorLimit, () => $"{flood.Count(f => f.Closed.IsCompleted)} of {IdleSockets} closed", TimeSpan.FromMinutes(2));
            Assert.False(process.HasExited, process.Output);
            var open = OpenDescriptors(process.Pid);
            Assert.True(open < DescriptorLimit - 64, $"{open} descriptors open during the flood (limit {DescriptorLimit}); the server said:\n{process.Output}");

            // The people already connected go on talking while the flood holds what it got.
            await alice.SendText(bob.UserId, "during");
            await bob.Next("new_message", m => Text(m) == "during");

            // The idle sockets are closed once they have sent nothing for a while; then a new login gets in.
            await Poll.Until(() => flood.All(f => f.Closed.IsCompleted), () => $"{flood.Count(f => f.Closed.IsCompleted)} of {IdleSockets} closed", TimeSpan.FromMinutes(2));
        }
        finally
        {
            foreach (var (socket, _) in flood)
            {
                socket.Dispose();
            }
        }

        await using var carol = await MessengerClient.ConnectAsync(process.Address, "admin", "admin123");
        await carol.SendText(bob.UserId, "after");
        await bob.Next("new_message", m => Text(m) == "after");

        // One user's hub connections beyond the cap are refused with a 429; the ones within work.
        var held = new List<MessengerClient>();
        var refused = 0;
        try
        {
            for (var i = 0; i < HubAttempts; i++)
            {
                try
                {
                    held.Add(await MessengerClient.ConnectAsync(process.Address, carol.UserId, carol.Token));
                }
                catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    refused++;
                }
            }

            // carol's first connection counts too.
            Assert.Equal(HubPerUser - 1, held.Count);
            Assert.Equal(HubAttempts - HubPerUser + 1, refused);
            await held[^1].SendText(bob.UserId, "from the last one allowed");
            await bob.Next("new_message", m => Text(m) == "from the last one allowed");
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }

        Assert.False(process.HasExited, process.Output);
        var rssAfter = ResidentBytes(process.Pid);
        Assert.True(rssAfter < rssBefore + (128L * 1024 * 1024), $"resident memory {rssBefore >> 20} MiB before the flood, {rssAfter >> 20} MiB after");

        // The refusals are logged, a bounded number of lines for thousands of refused connections.
        var log = process.Output[logBefore..];
        Assert.Contains("too_many_connections", log, StringComparison.Ordinal);
        Assert.True(log.Length < 32 * 1024, $"{log.Length} characters of log for the flood:\n{log[..Math.Min(log.Length, 4000)]}");
    }

    private static string? Text(System.Text.Json.JsonElement newMessage) => newMessage.GetProperty("message").GetProperty("text").GetString();

    private static async Task ClosedByServer(Socket socket)
    {
        try
        {
            while (await socket.ReceiveAsync(new byte[256], SocketFlags.None) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset by the server, or disposed by the test at its end.
        }
    }

    private static int OpenDescriptors(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;

    private static long SoftDescriptorLimit(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture);

    private static long ResidentBytes(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
