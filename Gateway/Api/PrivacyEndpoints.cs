using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>My consent: who may add me to groups and channels, and whom I block.</summary>
public static class PrivacyEndpoints
{
    public sealed record PrivacyRequest(string? WhoCanAddMe);

    public static void MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithMessengerErrors().RequireAuthorization();
        api.MapGet("/me/privacy", Get);
        api.MapPut("/me/privacy", Update);
        api.MapGet("/me/blocked", Get);
        api.MapPost("/users/{userId}/block", Block);
        api.MapDelete("/users/{userId}/block", Unblock);
    }

    private static object Answer(PrivacySettings s) => new { success = true, whoCanAddMe = s.WhoCanAddMe, blocked = s.Blocked };

    private static async Task<IResult> Get(HttpContext http, MessengerActors actors) =>
        Results.Ok(Answer(await actors.AskUser<PrivacySettings>(new GetPrivacy(MessengerClaims.UserIdOf(http.User)), http.RequestAborted)));

    private static async Task<IResult> Update(HttpRequest http, MessengerActors actors)
    {
        var request = await JsonBody.Read<PrivacyRequest>(http);
        var settings = await actors.AskUser<PrivacySettings>(new SetPrivacy(MessengerClaims.UserIdOf(http.HttpContext.User), request.WhoCanAddMe ?? string.Empty), http.HttpContext.RequestAborted);
        return Results.Ok(Answer(settings));
    }

    private static Task<IResult> Block(string userId, HttpContext http, UserConsent consent, UserLookup users) => SetBlock(userId, true, http, consent, users);

    private static Task<IResult> Unblock(string userId, HttpContext http, UserConsent consent, UserLookup users) => SetBlock(userId, false, http, consent, users);

    /// <summary>Unblocking needs no existing account (a deleted one may still be on the list).</summary>
    private static async Task<IResult> SetBlock(string userId, bool blocked, HttpContext http, UserConsent consent, UserLookup users)
    {
        if (!int.TryParse(userId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var target) || target <= 0)
        {
            return ApiErrors.Error(ErrorCodes.InvalidRequest, "The user id must be a positive number.");
        }

        var me = MessengerClaims.UserIdOf(http.User);
        if (blocked && target != me && await users.Find(target, http.RequestAborted) is null)
        {
            throw new MessengerException(ErrorCodes.UnknownUser, $"There is no user {target}.");
        }

        return Results.Ok(Answer(await consent.SetBlock(me, target, blocked, http.RequestAborted)));
    }
}
