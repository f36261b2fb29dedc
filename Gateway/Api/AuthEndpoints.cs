using ActorMessenger.Actors;
using ActorMessenger.Actors.Directory;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using Akka.Actor;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary><c>POST /api/register</c> and <c>POST /api/login</c>: the only anonymous calls; each starts a session.</summary>
public static class AuthEndpoints
{
    public const string RateLimitPolicy = "auth";

    public sealed record RegisterRequest(string? Username, string? Password, string? FullName);

    public sealed record LoginRequest(string? Username, string? Password);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithMessengerErrors().RequireRateLimiting(RateLimitPolicy);
        api.MapPost("/register", Register).AllowAnonymous();
        api.MapPost("/login", Login).AllowAnonymous();
    }

    private static async Task<IResult> Register(HttpRequest http, MessengerActors actors, PasswordHashing hashing, SessionGuard sessions)
    {
        var request = await JsonBody.Read<RegisterRequest>(http);
        if ((AccountRules.CheckUsername(request.Username) ?? AccountRules.CheckPassword(request.Password) ?? AccountRules.CheckFullName(request.FullName)) is { } invalid)
        {
            return ApiErrors.Error(invalid.Code, invalid.Message);
        }

        var registered = await actors.AskDirectory<Registered>(
            new Register(request.Username!, hashing.Hash(request.Password!), request.FullName ?? string.Empty, Roles.User));
        return Results.Ok(await Answer(registered.Account, sessions, http.HttpContext, mustChangePassword: false));
    }

    private static async Task<IResult> Login(HttpRequest http, MessengerActors actors, PasswordHashing hashing, SessionGuard sessions, TimeProvider clock)
    {
        var request = await JsonBody.Read<LoginRequest>(http);
        if (string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
        {
            return ApiErrors.Error(ErrorCodes.InvalidRequest, "username and password are required.");
        }

        if (request.Username.Length > AccountRules.MaxUsername || request.Password.Length > AccountRules.MaxPassword)
        {
            return ApiErrors.Error(ErrorCodes.InvalidCredentials, "Wrong username or password.");
        }

        var found = await actors.AskDirectory<Found>(new FindByUsername(request.Username));
        if (!hashing.Verify(found.Account?.PasswordHash, request.Password) || found.Account is not { } account)
        {
            return ApiErrors.Error(ErrorCodes.InvalidCredentials, "Wrong username or password.");
        }

        if (account.Blocked)
        {
            return ApiErrors.Error(ErrorCodes.AccountBlocked, "This account is blocked by an administrator.");
        }

        actors.Directory.Tell(new RecordLogin(account.Id, clock.GetUtcNow()));
        return Results.Ok(await Answer(account, sessions, http.HttpContext, DemoUsersSeeder.IsDemoPassword(account.Username, request.Password)));
    }

    /// <summary>
    /// Every login (and registration) starts a session of its own; the token names it.
    /// <paramref name="mustChangePassword"/>: the account still has its demo password, which clients ask to change.
    /// </summary>
    private static async Task<object> Answer(UserAccount account, SessionGuard sessions, HttpContext http, bool mustChangePassword) => new
    {
        success = true,
        mustChangePassword,
        user = new { id = account.Id, username = account.Username, fullName = account.FullName, role = account.Role },
        token = await sessions.Start(account, http),
    };
}
