using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>Kestrel's socket transport with every listener behind one <see cref="AcceptGate"/>.</summary>
public sealed class GatedListenerFactory(IConnectionListenerFactory inner, AcceptGate gate) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new GatedListener(await inner.BindAsync(endpoint, cancellationToken).ConfigureAwait(false), gate);

    public bool CanBind(EndPoint endpoint) => inner is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint);
}
