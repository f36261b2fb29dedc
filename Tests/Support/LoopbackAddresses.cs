using System.Net;
using System.Net.Sockets;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// HTTP clients whose connections come from another loopback address (127.0.0.2, 127.0.0.3, …; Linux
/// routes all of 127/8 to loopback), so a test can be several machines to the server.
/// </summary>
public static class LoopbackAddresses
{
    public static HttpClient From(Uri server, int lastByte)
    {
        var local = new IPAddress([127, 0, 0, (byte)lastByte]);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = server };
    }
}
