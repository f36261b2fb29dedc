using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;

namespace ActorMessenger.Gateway.Api;

/// <summary>Every REST error has one shape: <c>{success:false, code, error}</c> with a fitting 4xx/5xx.</summary>
public static class ApiErrors
{
    public static IResult Error(string code, string message) =>
        Results.Json(new { success = false, code, error = message }, statusCode: StatusFor(code));

    /// <summary>A 429 with <c>Retry-After</c> (whole seconds, rounded up) and <c>retryAfterMs</c> in the body.</summary>
    public static IResult RateLimited(string message, TimeSpan retryAfter) => new RateLimitedResult(message, retryAfter);

    public static IResult From(MessengerException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.RetryAfter is { } retryAfter ? RateLimited(ex.Message, retryAfter) : Error(ex.Code, ex.Message);
    }

    /// <summary>Writes a 429 the same way wherever it comes from (endpoints, the rate limiter middleware).</summary>
    public static Task WriteRateLimited(HttpResponse response, string message, TimeSpan retryAfter, string code = ErrorCodes.RateLimited)
    {
        ArgumentNullException.ThrowIfNull(response);
        var wait = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return response.WriteAsJsonAsync(new { success = false, code, error = message, retryAfterMs = (long)Math.Ceiling(wait.TotalMilliseconds) });
    }

    private sealed class RateLimitedResult(string message, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            return WriteRateLimited(httpContext.Response, message, retryAfter);
        }
    }

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.Unauthorized or ErrorCodes.InvalidCredentials => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.NotMember or ErrorCodes.IdentityMismatch or ErrorCodes.InviteRequired or ErrorCodes.AccountBlocked or ErrorCodes.RegistrationClosed or ErrorCodes.QuotaExceeded
            or ErrorCodes.Blocked or ErrorCodes.PrivacyRestricted => StatusCodes.Status403Forbidden,
        ErrorCodes.UnknownChat or ErrorCodes.UnknownUser or ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.UsernameTaken or ErrorCodes.BackupInProgress => StatusCodes.Status409Conflict,
        ErrorCodes.RateLimited or ErrorCodes.TooManyConnections => StatusCodes.Status429TooManyRequests,
        ErrorCodes.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.InsufficientStorage => StatusCodes.Status507InsufficientStorage,
        ErrorCodes.BackupFailed => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Refusals thrown anywhere in an endpoint become the JSON error above.</summary>
    public static RouteGroupBuilder WithMessengerErrors(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (MessengerException ex)
            {
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<RefusalLog>().Refused("http", ex.Code, $"{http.Request.Method} {http.Request.Path}: {ex.Message}");
                return From(ex);
            }
        });
        return group;
    }
}
