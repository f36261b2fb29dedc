using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

/// <summary>The real server accepts through its <see cref="AcceptGate"/>: a client's connection holds a place until its socket is closed.</summary>
public sealed class AcceptGateEndToEndTests
{
    [Fact]
    public async Task The_server_counts_its_connections_at_the_gate_sized_from_its_cap()
    {
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path, "--Messenger:Connections:MaxConnections", "40");
        var gate = server.Services.GetRequiredService<AcceptGate>();
        Assert.Equal(AcceptGate.SizeFor(40), gate.Most);

        // The login's own connection is closed by its client; then the hub's socket is the one held.
        var (userId, token) = await MessengerClient.LoginAsync(server.BaseAddress, "user1", "123456");
        await Poll.Until(() => gate.Held == 0, () => $"{gate.Held} held after the login's client closed");
        var client = await MessengerClient.ConnectAsync(server.BaseAddress, userId, token);
        Assert.True(gate.Held >= 1, $"{gate.Held} held with a client connected");
        await client.DisposeAsync();
        await Poll.Until(() => gate.Held == 0, () => $"{gate.Held} still held after the client left");
    }
}
