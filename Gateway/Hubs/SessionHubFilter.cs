using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// Every hub call checks that the connection's session is still going and its token unexpired (a
/// lookup in the node's session cache). If not, the client gets <c>session_ended</c>, the call
/// fails with <c>unauthorized</c> and the connection closes.
/// </summary>
public sealed class SessionHubFilter(SessionGuard sessions, TimeProvider clock) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        var user = context.User!;
        var sessionId = MessengerClaims.SessionIdOf(user) ?? string.Empty;
        var reason = MessengerClaims.ExpiresOf(user) <= clock.GetUtcNow()
            ? SessionEndReasons.TokenExpired
            : await sessions.IsActive(MessengerClaims.UserIdOf(user), sessionId, MessengerClaims.ExpiresOf(user), null, context.ConnectionAborted).ConfigureAwait(false)
                ? null
                : sessions.EndReason(sessionId) ?? SessionEndReasons.Ended;
        if (reason is null)
        {
            return await next(invocationContext).ConfigureAwait(false);
        }

        await invocationContext.Hub.Clients.Caller.SendAsync(ClientEventNames.SessionEnded, new SessionEndedEvent(reason)).ConfigureAwait(false);
        context.Abort();
        throw new MessengerException(ErrorCodes.Unauthorized, $"Your session has ended ({reason}): log in again.");
    }
}
