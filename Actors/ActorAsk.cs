using ActorMessenger.Actors.Protocol;
using Akka.Actor;

namespace ActorMessenger.Actors;

/// <summary>A refusal or failure from an actor, carrying the error code clients see.</summary>
public sealed class MessengerException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>For <c>rate_limited</c>: when the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static MessengerException RateLimited(string message, TimeSpan retryAfter) =>
        new(ErrorCodes.RateLimited, message) { RetryAfter = retryAfter };
}

/// <summary>Asks an actor and turns <see cref="Rejected"/> and time-outs into <see cref="MessengerException"/>.</summary>
public static class ActorAsk
{
    public static async Task<T> AskFor<T>(this IActorRef actor, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        object reply;
        try
        {
            reply = await actor.Ask<object>(message, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new MessengerException(ErrorCodes.Unavailable, "The server did not answer in time; try again.");
        }

        return reply switch
        {
            T typed => typed,
            Rejected rejected => throw new MessengerException(rejected.Code, rejected.Message),
            Status.Failure failure => throw new MessengerException(ErrorCodes.Unavailable, failure.Cause?.Message ?? "Failed."),
            _ => throw new InvalidOperationException($"Unexpected reply {reply.GetType().Name} to {message.GetType().Name}"),
        };
    }
}
