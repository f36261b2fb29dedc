using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// At most <c>Connections:PerAddress</c> TCP connections from one client address at once (Kestrel
/// connection middleware, before any HTTP): one machine flooding the server with sockets it never
/// uses is closed at the door and leaves room for everyone else.
/// </summary>
public sealed class AddressConnectionLimit(int perAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    public int OpenFrom(IPAddress address) => _open.TryGetValue(address, out var n) ? n : 0;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        if (perAddress <= 0 || connection.RemoteEndPoint is not IPEndPoint { Address: var address })
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var open = _open.AddOrUpdate(address, 1, static (_, n) => n + 1);
        try
        {
            if (open > perAddress)
            {
                connection.Abort(new ConnectionAbortedException("Too many connections from this address."));
                return;
            }

            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Release(address);
        }
    };

    private void Release(IPAddress address)
    {
        while (_open.TryGetValue(address, out var n))
        {
            if (n <= 1 ? _open.TryRemove(new KeyValuePair<IPAddress, int>(address, n)) : _open.TryUpdate(address, n - 1, n))
            {
                return;
            }
        }
    }
}
