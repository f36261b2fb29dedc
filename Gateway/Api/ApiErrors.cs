using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;

namespace ActorMessenger.Gateway.Api;

/// <summary>Every REST error has one shape: <c>{success:false, code, error}</c> with a fitting 4xx/5xx.</summary>
public static class ApiErrors
{
    public static IResult Error(string code, string message) =>
        Results.Json(new { success = false, code, error = message }, statusCode: StatusFor(code));

    public static IResult From(MessengerException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return Error(ex.Code, ex.Message);
    }

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.Unauthorized or ErrorCodes.InvalidCredentials => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.NotMember or ErrorCodes.IdentityMismatch or ErrorCodes.InviteRequired or ErrorCodes.AccountBlocked => StatusCodes.Status403Forbidden,
        ErrorCodes.UnknownChat or ErrorCodes.UnknownUser or ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.UsernameTaken or ErrorCodes.BackupInProgress => StatusCodes.Status409Conflict,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
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
