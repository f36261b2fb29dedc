using ActorMessenger.Actors;
using ActorMessenger.Actors.Directory;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>My own account: profile (full name, avatar, bio) and password.</summary>
public static class ProfileEndpoints
{
    public sealed record ProfileRequest(string? FullName, string? Avatar, string? Bio);

    public sealed record PasswordRequest(string? CurrentPassword, string? NewPassword);

    public static void MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithMessengerErrors().RequireAuthorization();
        me.MapGet("/", Get);
        me.MapPut("/", Update);
        me.MapPost("/password", ChangePassword);
    }

    private static object Own(UserAccount a) => new
    {
        id = a.Id,
        username = a.Username,
        fullName = a.FullName,
        avatar = a.Avatar,
        bio = a.Bio,
        role = a.Role,
        createdAt = a.CreatedAt,
        lastSeen = a.LastSeen,
    };

    private static async Task<IResult> Get(HttpContext http, MessengerActors actors)
    {
        var found = await actors.AskDirectory<Found>(new FindById(MessengerClaims.UserIdOf(http.User)));
        return found.Account is { } account ? Results.Ok(new { user = Own(account) }) : ApiErrors.Error(ErrorCodes.UnknownUser, "Your account no longer exists.");
    }

    private static async Task<IResult> Update(HttpRequest http, MessengerActors actors)
    {
        var request = await JsonBody.Read<ProfileRequest>(http);
        var updated = await actors.AskDirectory<ProfileUpdated>(new UpdateProfile(MessengerClaims.UserIdOf(http.HttpContext.User), request.FullName, request.Avatar, request.Bio));
        return Results.Ok(new { success = true, user = Own(updated.Account) });
    }

    /// <summary>A new password ends every other session (a thief with an old token is out); this one stays.</summary>
    /// <remarks>Wrong current passwords count as failed logins (<see cref="LoginThrottle"/>): a stolen token does not open a faster way to guess.</remarks>
    private static async Task<IResult> ChangePassword(HttpRequest http, MessengerActors actors, PasswordHashing hashing, SessionGuard sessions, LoginThrottle throttle)
    {
        var request = await JsonBody.Read<PasswordRequest>(http);
        if (AccountRules.CheckPassword(request.NewPassword) is { } invalid)
        {
            return ApiErrors.Error(invalid.Code, invalid.Message);
        }

        var me = MessengerClaims.UserIdOf(http.HttpContext.User);
        var found = await actors.AskDirectory<Found>(new FindById(me));
        var username = found.Account?.Username ?? string.Empty;
        var address = SessionGuard.AddressOf(http.HttpContext);
        if (throttle.Check(username, address) is { } wait)
        {
            return ApiErrors.RateLimited("Too many wrong passwords; try again later.", wait);
        }

        if (request.CurrentPassword is not { Length: > 0 and <= AccountRules.MaxPassword } current || !hashing.Verify(found.Account?.PasswordHash, current))
        {
            throttle.Failed(username, address);
            return ApiErrors.Error(ErrorCodes.InvalidCredentials, "The current password is wrong.");
        }

        await actors.AskDirectory<PasswordHashChanged>(new ChangePasswordHash(me, hashing.Hash(request.NewPassword!)));
        var mine = MessengerClaims.SessionIdOf(http.HttpContext.User) ?? string.Empty;
        var ended = await sessions.End(new SessionProtocol.EndOtherSessions(me, mine, SessionEndReasons.PasswordChanged), http.HttpContext.RequestAborted);
        return Results.Ok(new { success = true, endedSessions = ended.SessionIds.Count });
    }
}
