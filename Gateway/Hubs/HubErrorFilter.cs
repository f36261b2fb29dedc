using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// Turns refusals into hub errors whose message starts with the error code ("code: text"); the
/// connection stays open and usable. A refusal is one rate-limited line (<see cref="RefusalLog"/>); a
/// real fault is logged here at Error with its trace and reaches the client as <c>internal_error</c>
/// (SignalR's own log of failed invocations is switched off in <see cref="MessengerServer"/>, as it would
/// write a trace for every refusal).
/// </summary>
public sealed partial class HubErrorFilter(RefusalLog refusals, ILogger<HubErrorFilter> log) : IHubFilter
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
            refusals.Refused("hub", ex.Code, $"{invocationContext.HubMethodName}: {ex.Message}");
            throw new HubException(ex.RetryAfter is { } retryAfter
                ? $"{ex.Code}: {ex.Message} retryAfterMs={(long)Math.Ceiling(retryAfter.TotalMilliseconds)}"
                : $"{ex.Code}: {ex.Message}");
        }
        catch (HubException ex)
        {
            refusals.Refused("hub", ErrorCodes.InvalidRequest, $"{invocationContext.HubMethodName}: {ex.Message}");
            throw;
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            // The connection closed during the call: nobody is left to answer.
            throw new HubException($"{ErrorCodes.Unavailable}: The connection closed.");
        }
        catch (Exception ex)
        {
            LogFault(log, invocationContext.HubMethodName, ex);
            throw new HubException($"{ErrorCodes.Internal}: The server failed to handle this call.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub call {Method} failed")]
    private static partial void LogFault(ILogger logger, string method, Exception exception);
}
