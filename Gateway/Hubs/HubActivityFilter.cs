using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>Keeps <see cref="HubActivity"/> up to date; while the server drains, new calls get <c>unavailable</c> and new connections are closed.</summary>
public sealed class HubActivityFilter(HubActivity activity) : IHubFilter
{

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        activity.CallStarted();
        try
        {
            // Checked after counting: a stop that began meanwhile either sees this call or this call sees the stop.
            return activity.Draining
                ? throw new MessengerException(ErrorCodes.Unavailable, "The server is stopping: retry after reconnecting (with the same clientId for sends).")
                : await next(invocationContext).ConfigureAwait(false);
        }
        finally
        {
            activity.CallEnded();
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        activity.Opened(context.Context);
        if (activity.Draining)
        {
            // A connection that slipped past the refusal at the door: the drain may have closed the others already.
            context.Context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        await next(context).ConfigureAwait(false);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception).ConfigureAwait(false);
        }
        finally
        {
            activity.Closed(context.Context.ConnectionId);
        }
    }
}
