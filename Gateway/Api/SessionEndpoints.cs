using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using static ActorMessenger.Actors.Protocol.SessionProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>
/// <c>POST /api/logout</c> and my sessions (<c>/api/me/sessions</c>): every device I am signed in
/// on, with "end this session" and "end all other sessions". An ended session's token stops
/// working at once and its open connections are told <c>session_ended</c> and closed.
/// </summary>
public static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithMessengerErrors().RequireAuthorization().MapPost("/logout", Logout);
        var sessions = app.MapGroup("/api/me/sessions").WithMessengerErrors().RequireAuthorization();
        sessions.MapGet("/", List);
        sessions.MapDelete("/{sessionId}", EndOne);
        sessions.MapPost("/end-others", EndOthers);
    }

    private static async Task<IResult> Logout(HttpContext http, SessionGuard guard)
    {
        await guard.End(new EndSession(MessengerClaims.UserIdOf(http.User), Current(http), SessionEndReasons.LoggedOut), http.RequestAborted);
        return Results.Ok(new { success = true });
    }

    private static async Task<IResult> List(HttpContext http, SessionGuard guard)
    {
        var current = Current(http);
        var list = await guard.List(MessengerClaims.UserIdOf(http.User), http.RequestAborted);
        return Results.Ok(new
        {
            sessions = list.Sessions
                .OrderByDescending(s => s.Id == current)
                .ThenByDescending(s => s.LastSeenAt)
                .Select(s => new
                {
                    id = s.Id,
                    device = DeviceNames.FromUserAgent(s.UserAgent),
                    userAgent = s.UserAgent,
                    address = s.Address,
                    createdAt = s.CreatedAt,
                    lastSeen = s.LastSeenAt,
                    expiresAt = s.ExpiresAt,
                    current = s.Id == current,
                }),
        });
    }

    private static async Task<IResult> EndOne(string sessionId, HttpContext http, SessionGuard guard)
    {
        var me = MessengerClaims.UserIdOf(http.User);
        var reason = sessionId == Current(http) ? SessionEndReasons.LoggedOut : SessionEndReasons.EndedFromAnotherSession;
        var ended = await guard.End(new EndSession(me, sessionId, reason), http.RequestAborted);
        return ended.SessionIds.Count == 0
            ? ApiErrors.Error(ErrorCodes.NotFound, "You have no active session with that id.")
            : Results.Ok(new { success = true });
    }

    private static async Task<IResult> EndOthers(HttpContext http, SessionGuard guard)
    {
        var ended = await guard.End(new EndOtherSessions(MessengerClaims.UserIdOf(http.User), Current(http), SessionEndReasons.EndedFromAnotherSession), http.RequestAborted);
        return Results.Ok(new { success = true, ended = ended.SessionIds.Count });
    }

    /// <summary>Authentication let the request in only with a session: it is there.</summary>
    private static string Current(HttpContext http) =>
        MessengerClaims.SessionIdOf(http.User) ?? throw new InvalidOperationException("An authenticated request without a session.");
}
