using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>One bound listener whose accepts wait for a free place at the <see cref="AcceptGate"/>.</summary>
public sealed class GatedListener(IConnectionListener inner, AcceptGate gate) : IConnectionListener
{
    // Unbinding ends a wait at the gate as it ends a wait for the next connection.
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint => inner.EndPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        // Kestrel's accept loop passes no token: then no linked source is made for every connection.
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token) : null;
        if (!await gate.EnterAsync(linked?.Token ?? _unbound.Token).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        ConnectionContext? accepted = null;
        try
        {
            accepted = await inner.AcceptAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (accepted is null)
            {
                gate.Leave(admitted: false);
            }
        }

        if (accepted is null)
        {
            return null;
        }

        gate.Admit();
        return new GatedConnection(accepted, gate);
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        await _unbound.CancelAsync().ConfigureAwait(false);
        await inner.UnbindAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _unbound.CancelAsync().ConfigureAwait(false);
        await inner.DisposeAsync().ConfigureAwait(false);
        _unbound.Dispose();
    }
}
