using System.Threading.RateLimiting;
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

                    // A hub connection keeps its principal for as long as it is open: keep only what
                    // the server reads, not the parsed token and every registered claim (KiBs per user).
                    OnTokenValidated = ctx =>
                    {
                        ctx.Principal = MessengerClaims.Slim(ctx.Principal!);
                        return Task.CompletedTask;
                    },
                    OnChallenge = async ctx =>
                    {
                        ctx.HandleResponse();
                        await WriteError(ctx.Response, ErrorCodes.Unauthorized, "Log in first: send 'Authorization: Bearer <token>'.");
                    },
                    OnForbidden = ctx => WriteError(ctx.Response, ErrorCodes.Forbidden, "Your account may not do this."),
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminEndpoints.Policy, p => p.RequireAuthenticatedUser().RequireRole(AdminEndpoints.AdminRole));

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthEndpoints.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.AuthAttemptsPerMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = (ctx, _) => new ValueTask(WriteError(ctx.HttpContext.Response, ErrorCodes.RateLimited, "Too many attempts; wait a minute."));
        });
        return services;
    }

    /// <summary>Unexpected failures still answer in our JSON shape, without internals.</summary>
    public static IApplicationBuilder UseMessengerErrorHandling(this IApplicationBuilder app) =>
        app.UseExceptionHandler(errors => errors.Run(async http =>
        {
            var failure = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (failure is BadHttpRequestException bad)
            {
                await WriteError(http.Response, ErrorCodes.InvalidRequest, bad.Message, bad.StatusCode);
                return;
            }

            await WriteError(http.Response, ErrorCodes.Internal, "The server failed to handle this request.", StatusCodes.Status500InternalServerError);
        }));

    private static Task WriteError(HttpResponse response, string code, string message, int? status = null)
    {
        response.StatusCode = status ?? ApiErrors.StatusFor(code);
        return response.WriteAsJsonAsync(new { success = false, code, error = message });
    }
}
