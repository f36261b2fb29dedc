using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// Authenticates a hub connection's request (a WebSocket lasts as long as the connection) before the
/// authentication middleware would, with the same token handlers, validation parameters and session
/// check as the JwtBearer scheme, and keeps only the slim principal for the life of the socket.
/// Through the middleware, each open socket kept
/// the scheme's handler with its cached result, the handler provider and authentication service of
/// its request scope, two tickets and the parsed token's identity (see docs/operations.md, S3).
/// Anything but a valid token of a going session falls through to the scheme, which then refuses it
/// exactly as it refuses every other request. An authenticated socket is authorized here too, by the
/// authorization middleware itself, so that neither middleware's frame stays with it.
/// </summary>
public static class HubAuthentication
{
    /// <summary>The hub's connection path (negotiation goes through the scheme).</summary>
    public const string HubPath = "/hub";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The query parameter browsers send the token in (they cannot set a WebSocket's headers).</summary>
    private const string AccessTokenParameter = "access_token";

    public static IApplicationBuilder UseHubAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        var bearer = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>();
        var sessions = services.GetRequiredService<SessionGuard>();
        var validatedTokens = services.GetRequiredService<ValidatedTokens>();

        var authorization = new Authorization(services);
        return app.Use(next => http =>
        {
            if (TokenOf(http) is not { IsEmpty: false } token)
            {
                return next(http);
            }

            var authenticated = Authenticate(http, token, bearer.Get(JwtBearerDefaults.AuthenticationScheme), sessions, validatedTokens);

            // Usually done at once (the session cache answers): then no frame of this middleware stays with the
            // socket. Otherwise what stays is the unwrapping of the rest of the pipeline's task, not a frame.
            return authenticated.IsCompletedSuccessfully
                ? Authorize(http, authorization, next)
                : authenticated.ContinueWith(
                    static (check, state) =>
                    {
                        check.GetAwaiter().GetResult();
                        var (http, authorization, next) = ((HttpContext, Authorization, RequestDelegate))state!;
                        return Authorize(http, authorization, next);
                    },
                    (http, authorization, next),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default).Unwrap();
        });
    }

    /// <summary>
    /// Whether this request was authenticated here (and then authorized here too): the authentication
    /// and authorization middlewares are skipped for it.
    /// </summary>
    public static bool Handled(HttpContext http) => AuthenticatedHere(http) is not null;

    private static HubAuthenticated? AuthenticatedHere(HttpContext http) => http?.Features.Get<IAuthenticateResultFeature>() as HubAuthenticated;

    /// <summary>Refused, the authorization middleware has answered (through the scheme's challenge or forbid); passed, the pipeline goes on.</summary>
    private static Task Authorize(HttpContext http, Authorization authorization, RequestDelegate next)
    {
        if (AuthenticatedHere(http) is not { } authenticated)
        {
            return next(http);
        }

        var authorizing = authorization.Check(http);
        return authorizing.IsCompletedSuccessfully
            ? authenticated.Authorized ? next(http) : Task.CompletedTask
            : ThenNext(authorizing, authenticated, http, next);
    }

    private static async Task ThenNext(Task authorizing, HubAuthenticated authenticated, HttpContext http, RequestDelegate next)
    {
        await authorizing.ConfigureAwait(false);
        if (authenticated.Authorized)
        {
            await next(http).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The endpoint's authorization as the authorization middleware runs it, with a next that only notes
    /// the pass (so its frame ends at once instead of lasting as long as the socket), in a service scope
    /// of its own that ends with the check: the request's own scope, made for it, would stay with the
    /// socket together with the callback that disposes it.
    /// </summary>
    private sealed class Authorization(IServiceProvider services)
    {
        private readonly AuthorizationMiddleware _middleware = new(
            static http => { AuthenticatedHere(http)!.Authorized = true; return Task.CompletedTask; },
            services.GetRequiredService<IAuthorizationPolicyProvider>(),
            services);

        private readonly IServiceScopeFactory _scopes = services.GetRequiredService<IServiceScopeFactory>();

        public Task Check(HttpContext http)
        {
            var requestServices = http.Features.Get<IServiceProvidersFeature>();
            var scope = _scopes.CreateAsyncScope();
            http.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = scope.ServiceProvider });
            Task checking;
            try
            {
                checking = _middleware.Invoke(http);
            }
            catch
            {
                http.Features.Set(requestServices);
                scope.Dispose();
                throw;
            }

            if (checking.IsCompleted)
            {
                http.Features.Set(requestServices);
                var disposed = scope.DisposeAsync();
                return disposed.IsCompletedSuccessfully ? checking : Finish(checking, disposed);
            }

            return Finish(checking, http, requestServices, scope);
        }

        private static async Task Finish(Task checking, ValueTask disposed)
        {
            await disposed.ConfigureAwait(false);
            await checking.ConfigureAwait(false);
        }

        private static async Task Finish(Task checking, HttpContext http, IServiceProvidersFeature? requestServices, AsyncServiceScope scope)
        {
            await using (scope.ConfigureAwait(false))
            {
                try
                {
                    await checking.ConfigureAwait(false);
                }
                finally
                {
                    http.Features.Set(requestServices);
                }
            }
        }
    }

    /// <summary>As the scheme finds it (see AuthWiring): the query's access_token on the hub's path, else the Authorization header.</summary>
    /// <remarks>A slice of the header, not a copy: a token validated before is found without a string of its own.</remarks>
    private static ReadOnlyMemory<char> TokenOf(HttpContext http)
    {
        var request = http.Request;
        // Any transport's requests to the connection path (the WebSocket feature is only set inside the hub's endpoint).
        if (!request.Path.Equals(HubPath, StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        if (request.Query[AccessTokenParameter] is { Count: > 0 } query)
        {
            return query.ToString().AsMemory();
        }

        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && header.Length > BearerPrefix.Length
            ? header.AsMemory(BearerPrefix.Length).Trim()
            : default;
    }

    /// <summary>
    /// The token's identity, from <see cref="ValidatedTokens"/> when this node validated the same token
    /// before (a reconnect), else from the scheme's token handlers; then its session is checked either way.
    /// </summary>
    private static Task Authenticate(HttpContext http, ReadOnlyMemory<char> token, JwtBearerOptions bearer, SessionGuard sessions, ValidatedTokens validatedTokens) =>
        validatedTokens.Find(token.Span) is { } known
            ? CheckSession(http, known, sessions)
            : Validate(http, token, bearer, sessions, validatedTokens);

    private static async Task Validate(HttpContext http, ReadOnlyMemory<char> token, JwtBearerOptions bearer, SessionGuard sessions, ValidatedTokens validatedTokens)
    {
        var text = token.ToString();
        foreach (var handler in bearer.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(text, bearer.TokenValidationParameters).ConfigureAwait(false);
            if (result.IsValid)
            {
                var slim = MessengerClaims.Slim(new ClaimsPrincipal(result.ClaimsIdentity));
                validatedTokens.Add(text, slim);
                await CheckSession(http, slim, sessions).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>A token of a going session authenticates the request; anything else is left to the scheme, which refuses it.</summary>
    private static Task CheckSession(HttpContext http, ClaimsPrincipal slim, SessionGuard sessions)
    {
        // Not cancelled with the request: the check has its own time-out, and a registration on the
        // request's token would stay with the socket.
        var checking = SessionChecks.Check(slim, http, sessions, CancellationToken.None);
        if (!checking.IsCompletedSuccessfully)
        {
            return Checked(http, slim, checking);
        }

        Authenticated(http, slim, checking.Result);
        return Task.CompletedTask;

        static async Task Checked(HttpContext http, ClaimsPrincipal slim, Task<SessionChecks.Verdict> checking) =>
            Authenticated(http, slim, await checking.ConfigureAwait(false));
    }

    private static void Authenticated(HttpContext http, ClaimsPrincipal slim, SessionChecks.Verdict verdict)
    {
        if (verdict != SessionChecks.Verdict.Active)
        {
            return;
        }

        var feature = new HubAuthenticated(slim);
        http.Features.Set<IAuthenticateResultFeature>(feature);
        http.Features.Set<IHttpAuthenticationFeature>(feature);
        ForgetToken(http.Request);
    }

    /// <summary>
    /// Drops the token from an authenticated hub request. The request of a WebSocket lives as long as the
    /// connection and is never read for its token again: the header's copy of the token would stay with
    /// every open socket, and so would the parsed query's. The query keeps its other parameters (the
    /// connection's id).
    /// </summary>
    public static void ForgetToken(HttpRequest request)
    {
        request.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.Authorization);
        if (request.Query.ContainsKey(AccessTokenParameter))
        {
            request.Query = new QueryCollection(request.Query
                .Where(p => !string.Equals(p.Key, AccessTokenParameter, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// What the authentication middleware would have set, in one object. The result is made when read
    /// (by the authorization and by SignalR, which takes the expiry from it for
    /// CloseOnAuthenticationExpiration, each once at connect) rather than kept: its ticket's properties
    /// hold the expiry as text in a dictionary of their own. The authorization middleware hands back the
    /// success it read here; that is not kept either. The success made for one read is handed out to the
    /// next read too and then dropped: the two reads at connect share one.
    /// </summary>
    private sealed class HubAuthenticated(ClaimsPrincipal principal) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _set;
        private AuthenticateResult? _madeForNextRead;

        public AuthenticateResult? AuthenticateResult
        {
            get
            {
                if (_set is { } set)
                {
                    return set;
                }

                if (Interlocked.Exchange(ref _madeForNextRead, null) is { } made && ReferenceEquals(made.Principal, User))
                {
                    return made;
                }

                return User is { } user
                    ? _madeForNextRead = AuthenticateResult.Success(new AuthenticationTicket(
                        user, new AuthenticationProperties { ExpiresUtc = MessengerClaims.ExpiresOf(user) }, JwtBearerDefaults.AuthenticationScheme))
                    : AuthenticateResult.NoResult();
            }

            set => _set = value is { Succeeded: true } && ReferenceEquals(value.Principal, User) ? null : value;
        }

        public ClaimsPrincipal? User { get; set; } = principal;

        public bool Authorized { get; set; }
    }
}
