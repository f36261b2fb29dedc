using System.Net;
using System.Net.Sockets;
using ActorMessenger.Gateway.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

/// <summary>
/// The accept gate on Kestrel's real socket transport over loopback: with its places taken, the next
/// accept is not even asked of the transport until an accepted connection has been disposed.
/// </summary>
public sealed class AcceptGateSpecs
{
    [Fact]
    public async Task A_full_gate_accepts_again_only_when_a_held_connection_is_disposed()
    {
        using var gate = new AcceptGate(2);
        var (listener, counting) = await BindAsync(gate);
        await using var _ = listener;
        using var clients = new Clients();

        var first = await AcceptAsync(listener, clients);
        var second = await AcceptAsync(listener, clients);
        Assert.Equal(2, gate.Held);

        // A third client is connected (the kernel completed it), but the gate holds the accept back.
        await clients.ConnectAsync(listener.EndPoint);
        // As ExpectNoMsg does: a correct gate never lets it through, so the wait cannot fail it wrongly.
        var third = listener.AcceptAsync().AsTask();
        Assert.NotSame(third, await Task.WhenAny(third, Task.Delay(TimeSpan.FromMilliseconds(300))));
        Assert.Equal(2, counting.Accepts);

        await first.DisposeAsync();
        var accepted = await third.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(accepted);
        Assert.Equal(3, counting.Accepts);
        Assert.Equal(2, gate.Held);

        // Disposing twice gives the place back once.
        await accepted.DisposeAsync();
        await accepted.DisposeAsync();
        await second.DisposeAsync();
        Assert.Equal(0, gate.Held);
    }

    [Fact]
    public async Task Unbinding_ends_an_accept_waiting_at_the_gate()
    {
        using var gate = new AcceptGate(1);
        var (listener, _) = await BindAsync(gate);
        await using var __ = listener;
        using var clients = new Clients();
        var held = await AcceptAsync(listener, clients);

        var waiting = listener.AcceptAsync().AsTask();
        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(300))));
        await listener.UnbindAsync();
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await held.DisposeAsync();
        Assert.Equal(0, gate.Held);
    }

    [Theory]
    [InlineData(16, 48)]
    [InlineData(299, 373)]
    [InlineData(2_000, 2_256)]
    [InlineData(50_000, 50_256)]
    public void The_gate_leaves_a_quarter_of_the_cap_for_refusals_still_closing_within_bounds(long cap, long gate) =>
        Assert.Equal(gate, AcceptGate.SizeFor(cap));

    private static async Task<(IConnectionListener Listener, CountingFactory Counting)> BindAsync(AcceptGate gate)
    {
        var sockets = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance);
        var counting = new CountingFactory(sockets);
        var listener = await new GatedListenerFactory(counting, gate).BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        return (listener, counting);
    }

    private static async Task<ConnectionContext> AcceptAsync(IConnectionListener listener, Clients clients)
    {
        await clients.ConnectAsync(listener.EndPoint);
        var connection = await listener.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(connection);
        return connection;
    }

    /// <summary>Counts how often the transport itself was asked for a connection.</summary>
    private sealed class CountingFactory(IConnectionListenerFactory inner) : IConnectionListenerFactory
    {
        private int _accepts;

        public int Accepts => Volatile.Read(ref _accepts);

        public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
            new Counting(await inner.BindAsync(endpoint, cancellationToken), this);

        private sealed class Counting(IConnectionListener inner, CountingFactory owner) : IConnectionListener
        {
            public EndPoint EndPoint => inner.EndPoint;

            public ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref owner._accepts);
                return inner.AcceptAsync(cancellationToken);
            }

            public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    private sealed class Clients : IDisposable
    {
        private readonly List<Socket> _sockets = [];

        public async Task ConnectAsync(EndPoint endpoint)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _sockets.Add(socket);
            await socket.ConnectAsync(endpoint);
        }

        public void Dispose() => _sockets.ForEach(s => s.Dispose());
    }
}
