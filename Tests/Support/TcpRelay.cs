using System.Net;
using System.Net.Sockets;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// Forwards every TCP connection made to an address of this machine to another endpoint: the private
/// PostgreSQL listens on loopback only, and a process in a <see cref="NetworkNamespace"/> reaches it through
/// this relay on the namespace's service network, as another machine reaches the database server.
/// Stops listening and closes every connection when disposed.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;

    private TcpRelay(IPAddress listenOn, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(listenOn, 0);
        _listener.Start();
        _accepting = Accept();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public static TcpRelay Start(string listenOn, IPEndPoint target) => new(IPAddress.Parse(listenOn), target);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. Snapshot()]).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private Task[] Snapshot()
    {
        lock (_pumps)
        {
            return [.. _pumps];
        }
    }

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_pumps)
            {
                _pumps.RemoveAll(p => p.IsCompleted);
                _pumps.Add(Relay(client));
            }
        }
    }

    private async Task Relay(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (client)
        {
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                await Task.WhenAny(Pump(client, server, either.Token), Pump(server, client, either.Token));
                await either.CancelAsync();
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // One side closed or the relay stops: both connections close.
            }
        }
    }

    private static async Task Pump(Socket from, Socket to, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The connection is over.
        }
    }
}
