using ActorMessenger.Actors;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// Turns refusals into hub errors whose message starts with the error code ("code: text"); the
/// connection stays open and usable.
/// </summary>
public sealed partial class HubErrorFilter(ILogger<HubErrorFilter> log) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(invocationContext).ConfigureAwait(false);
        }
        catch (MessengerException ex)
        {
            LogRefused(log, invocationContext.HubMethodName, ex.Code, ex.Message);
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hub call {Method} refused: {Code} {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string code, string reason);
}
