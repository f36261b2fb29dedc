using System.Threading.RateLimiting;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin;
using ActorMessenger.Gateway.Api;
using ActorMessenger.Gateway.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>Authentication, authorization, rate limits and the JSON shape of their refusals.</summary>
public static class AuthWiring
{
    public static IServiceCollection AddMessengerAuth(this IServiceCollection services, MessengerOptions options)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((o, tokens) =>
            {
                o.MapInboundClaims = false;

                // Nothing reads the raw token back; saved, it is a dictionary per open hub connection.
                o.SaveToken = false;
                o.TokenValidationParameters = tokens.ValidationParameters();
                o.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSockets: the SignalR client sends the token in the query.
                    OnMessageReceived = ctx =>
                    {
                        // Files and backups too: an <img> or a download link cannot carry a header either.
                        var path = ctx.HttpContext.Request.Path;
                        if ((path.StartsWithSegments("/hub") || path.StartsWithSegments("/api/files") || path.StartsWithSegments("/admin/backups"))
                            && ctx.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            ctx.Token = token;
                        }

                        return Task.CompletedTask;
                    },

                    OnTokenValidated = CheckSession,
                    OnChallenge = async ctx =>
                    {
                        ctx.HandleResponse();
                        if (ctx.AuthenticateFailure is SessionCheckUnavailableException)
                        {
                            await WriteError(ctx.Response, ErrorCodes.Unavailable, "The server could not check your session in time; try again.");
                            return;
                        }

                        await WriteError(ctx.Response, ErrorCodes.Unauthorized, ctx.AuthenticateFailure is SessionEndedException ended
                            ? ended.Message
                            : "Log in first: send 'Authorization: Bearer <token>'.");
                    },
                    OnForbidden = ctx => WriteError(ctx.Response, ErrorCodes.Forbidden, "Your account may not do this."),
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminEndpoints.Policy, p => p.RequireAuthenticatedUser().RequireRole(AdminEndpoints.AdminRole));

        services.AddSingleton<LoginThrottle>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthEndpoints.RegisterPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.RegistrationsPerAddressPerHour),
                    Window = TimeSpan.FromHours(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = (ctx, _) => new ValueTask(ApiErrors.WriteRateLimited(
                ctx.HttpContext.Response,
                "Too many registrations from your address; try again later.",
                ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromHours(1)));
        });
        return services;
    }

    /// <summary>
    /// The token's session must still be going (<see cref="SessionChecks"/>). Then the principal is
    /// slimmed: a hub connection keeps it for as long as it is open, so only the claims the server
    /// reads stay, not the parsed token (KiBs per user).
    /// </summary>
    private static async Task CheckSession(TokenValidatedContext ctx)
    {
        var principal = ctx.Principal!;
        switch (await SessionChecks.Check(principal, ctx.HttpContext, ctx.HttpContext.RequestServices.GetRequiredService<SessionGuard>(), ctx.HttpContext.RequestAborted))
        {
            case SessionChecks.Verdict.NoSession:
                ctx.Fail(new SessionEndedException("This token has no session (it was issued before sessions existed): log in again."));
                return;
            case SessionChecks.Verdict.Ended:
                ctx.Fail(new SessionEndedException("This session has ended: log in again."));
                return;
            case SessionChecks.Verdict.Unavailable:
                ctx.Fail(new SessionCheckUnavailableException());
                return;
        }

        ctx.Principal = MessengerClaims.Slim(principal);
    }

    /// <summary>The token is well signed but its session is gone: 401.</summary>
    private sealed class SessionEndedException(string message) : Exception(message);

    /// <summary>The user entity did not answer the session check in time: 503, the client may retry.</summary>
    private sealed class SessionCheckUnavailableException() : Exception("The session could not be checked in time.");

    /// <summary>
    /// Unexpected failures still answer in our JSON shape, without internals, and are logged as faults
    /// with their trace. A request the client broke (a bad or unfinished body, a client gone half-way)
    /// is a 4xx logged as one line, not a fault.
    /// </summary>
    public static IApplicationBuilder UseMessengerErrorHandling(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            SuppressDiagnosticsCallback = ctx => IsClientFault(ctx.Exception, ctx.HttpContext),
            ExceptionHandler = async http =>
            {
                var failure = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (failure is not null && IsClientFault(failure, http))
                {
                    var (status, code) = failure is BadHttpRequestException bad
                        ? (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.FileTooLarge : ErrorCodes.InvalidRequest)
                        : (StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest);
                    http.RequestServices.GetRequiredService<RefusalLog>().Refused("http", code, $"{http.Request.Method} {http.Request.Path}: {failure.Message}");
                    if (!http.RequestAborted.IsCancellationRequested)
                    {
                        var message = failure switch
                        {
                            BadHttpRequestException => failure.Message,
                            InvalidOperationException => "The request's charset is not one the server reads; send UTF-8.",
                            _ => "The request body is incomplete or malformed.",
                        };
                        await WriteError(http.Response, code, message, status);
                    }

                    return;
                }

                await WriteError(http.Response, ErrorCodes.Internal, "The server failed to handle this request.", StatusCodes.Status500InternalServerError);
            },
        });

    /// <summary>Failures the client caused: a request Kestrel refused, a body cut short or malformed, a client that went away.</summary>
    private static bool IsClientFault(Exception failure, HttpContext http) => failure switch
    {
        BadHttpRequestException => true,
        InvalidDataException or IOException or OperationCanceledException => http.RequestAborted.IsCancellationRequested || failure is InvalidDataException,
        InvalidOperationException { InnerException: NotSupportedException or ArgumentException } => HasUnknownCharset(http.Request),
        _ => false,
    };

    /// <summary>A body whose Content-Type names a charset .NET cannot decode (utf-7, made-up names): reading it as JSON throws.</summary>
    private static bool HasUnknownCharset(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.Charset.Length == 0)
        {
            return false;
        }

        try
        {
            _ = System.Text.Encoding.GetEncoding(type.Charset.ToString());
            return false;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return true;
        }
    }

    private static Task WriteError(HttpResponse response, string code, string message, int? status = null)
    {
        response.StatusCode = status ?? ApiErrors.StatusFor(code);
        return response.WriteAsJsonAsync(new { success = false, code, error = message });
    }
}
