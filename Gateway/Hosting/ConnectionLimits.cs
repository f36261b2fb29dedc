using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The door every TCP connection passes before any HTTP (Kestrel connection middleware): at most
/// <c>total</c> open at once (sized below the file-descriptor limit, see <see cref="FileDescriptorLimit"/>),
/// at most <c>perAddress</c> from one client address, and a connection that sends nothing within
/// <c>firstBytes</c> is closed. Kestrel would keep a connection that never sends a byte for its whole
/// keep-alive time and log a warning per connection it refuses at its own cap; here the excess is closed
/// at once and logged as rate-limited refusals.
/// </summary>
public sealed class ConnectionLimits(long total, int perAddress, TimeSpan firstBytes, RefusalLog refusals)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    // Timers of first-byte waits that ended before firing, reset for the next connection: a linked
    // source and a timer of its own for every connection were a good part of what a connect allocates here.
    private readonly ConcurrentQueue<CancellationTokenSource> _idleTimers = new();

    private const int MaxIdleTimers = 256;
    private long _openInAll;

    /// <summary>The most connections open at once.</summary>
    public long Total => total;

    public long OpenInAll => Interlocked.Read(ref _openInAll);

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var address = perAddress > 0 && connection.RemoteEndPoint is IPEndPoint { Address: var a } ? a : null;
        var inAll = Interlocked.Increment(ref _openInAll);
        var fromAddress = address is null ? 0 : _open.AddOrUpdate(address, 1, static (_, n) => n + 1);
        try
        {
            if (inAll > total)
            {
                Refuse(connection, "too_many_connections", $"the server holds its most connections ({total})");
                return;
            }

            if (address is not null && fromAddress > perAddress)
            {
                Refuse(connection, "too_many_connections_from_address", $"{address} holds {perAddress} connections");
                return;
            }

            if (await SendsWithin(connection).ConfigureAwait(false))
            {
                await next(connection).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _openInAll);
            if (address is not null)
            {
                Release(address);
            }
        }
    };

    /// <summary>Waits for the first bytes without taking them, so that HTTP (or TLS) reads them next.</summary>
    private async Task<bool> SendsWithin(ConnectionContext connection)
    {
        if (firstBytes <= TimeSpan.Zero)
        {
            return true;
        }

        // Not linked to ConnectionClosed: a connection that closes completes its input, which ends the read too.
        var timeout = _idleTimers.TryDequeue(out var reused) ? reused : new CancellationTokenSource();
        timeout.CancelAfter(firstBytes);
        try
        {
            var read = await connection.Transport.Input.ReadAsync(timeout.Token).ConfigureAwait(false);
            connection.Transport.Input.AdvanceTo(read.Buffer.Start);
            return !(read.IsCompleted && read.Buffer.IsEmpty);
        }
        catch (OperationCanceledException)
        {
            Refuse(connection, "idle_connection", $"nothing sent within {firstBytes.TotalSeconds:0.#} s");
            return false;
        }
        finally
        {
            if (timeout.TryReset() && _idleTimers.Count < MaxIdleTimers)
            {
                _idleTimers.Enqueue(timeout);
            }
            else
            {
                timeout.Dispose();
            }
        }
    }

    private void Refuse(ConnectionContext connection, string code, string detail)
    {
        refusals.Refused("connection", code, detail);
        connection.Abort(new ConnectionAbortedException(detail));
    }

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
