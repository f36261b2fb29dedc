using ActorMessenger.Actors;
using ActorMessenger.Actors.Directory;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using Akka.Actor;
using Microsoft.Extensions.Options;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>
/// <c>POST /api/register</c> and <c>POST /api/login</c>: the only anonymous calls; each starts a session.
/// Registrations are limited per address and hour (the rate limiter's <see cref="RegisterPolicy"/>) and
/// may be closed; logins are slowed by <see cref="LoginThrottle"/>.
/// </summary>
public static class AuthEndpoints
{
    public const string RegisterPolicy = "register";

    public sealed record RegisterRequest(string? Username, string? Password, string? FullName);

    public sealed record LoginRequest(string? Username, string? Password);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithMessengerErrors();
        api.MapPost("/register", Register).AllowAnonymous().RequireRateLimiting(RegisterPolicy);
        api.MapPost("/login", Login).AllowAnonymous();
    }

    private static async Task<IResult> Register(HttpRequest http, MessengerActors actors, PasswordHashing hashing, SessionGuard sessions, IOptions<MessengerOptions> options)
    {
        if (!options.Value.OpenRegistration)
        {
            return ApiErrors.Error(ErrorCodes.RegistrationClosed, "Registration is closed on this server: ask an administrator for an account.");
        }

        var request = await JsonBody.Read<RegisterRequest>(http);
        if ((AccountRules.CheckUsername(request.Username) ?? AccountRules.CheckPassword(request.Password) ?? AccountRules.CheckFullName(request.FullName)) is { } invalid)
        {
            return ApiErrors.Error(invalid.Code, invalid.Message);
        }

        var registered = await actors.AskDirectory<Registered>(
            new Register(request.Username!, hashing.Hash(request.Password!), request.FullName ?? string.Empty, Roles.User));
        return Results.Ok(await Answer(registered.Account, sessions, http.HttpContext, mustChangePassword: false));
    }

    private static async Task<IResult> Login(HttpRequest http, MessengerActors actors, PasswordHashing hashing, SessionGuard sessions, LoginThrottle throttle, TimeProvider clock)
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

        var address = SessionGuard.AddressOf(http.HttpContext);
        if (throttle.Check(request.Username, address) is { } wait)
        {
            return ApiErrors.RateLimited("Too many failed logins for this account or from your address; try again later.", wait);
        }

        var found = await actors.AskDirectory<Found>(new FindByUsername(request.Username));
        if (!hashing.Verify(found.Account?.PasswordHash, request.Password) || found.Account is not { } account)
        {
            throttle.Failed(request.Username, address);
            return ApiErrors.Error(ErrorCodes.InvalidCredentials, "Wrong username or password.");
        }

        throttle.Succeeded(request.Username, address);

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
