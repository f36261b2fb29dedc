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
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        var user = context.User!;
        var expires = MessengerClaims.ExpiresOf(user);
        if (expires <= clock.GetUtcNow())
        {
            return Refuse(invocationContext, SessionEndReasons.TokenExpired);
        }

        var sessionId = MessengerClaims.SessionIdOf(user) ?? string.Empty;
        var active = sessions.IsActive(MessengerClaims.UserIdOf(user), sessionId, expires, null, context.ConnectionAborted);

        // The usual case, answered from the node's session cache: the call goes on without a state
        // machine of this filter's own, which every hub call allocated.
        return active.IsCompletedSuccessfully && active.Result
            ? next(invocationContext)
            : AfterCheck(invocationContext, next, active, sessionId);
    }

    private async ValueTask<object?> AfterCheck(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next, Task<bool> active, string sessionId) =>
        await active.ConfigureAwait(false)
            ? await next(invocationContext).ConfigureAwait(false)
            : await Refuse(invocationContext, sessions.EndReason(sessionId) ?? SessionEndReasons.Ended).ConfigureAwait(false);

    private static async ValueTask<object?> Refuse(HubInvocationContext invocationContext, string reason)
    {
        await invocationContext.Hub.Clients.Caller.SendAsync(ClientEventNames.SessionEnded, new SessionEndedEvent(reason)).ConfigureAwait(false);
        invocationContext.Context.Abort();
        throw new MessengerException(ErrorCodes.Unauthorized, $"Your session has ended ({reason}): log in again.");
    }
}
