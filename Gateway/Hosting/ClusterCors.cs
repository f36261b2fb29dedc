using Microsoft.AspNetCore.Cors.Infrastructure;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Cross-origin calls to <c>/api</c> are allowed from the cluster's own nodes only (a page loaded from
/// a node that died goes on with another): any method and header, the token as a bearer header, no
/// cookies. Any other origin gets no CORS headers, so the browser refuses it.
/// </summary>
public static class ClusterCors
{
    public static IServiceCollection AddClusterCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddSingleton<ClusterOrigins>();
        services.AddHostedService<ClusterOriginSharing>();
        services.AddSingleton<ICorsPolicyProvider, PolicyProvider>();
        return services;
    }

    public static IApplicationBuilder UseClusterCors(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && http.Request.Headers.Origin.Count > 0, branch => branch.UseCors());

    private sealed class PolicyProvider(ClusterOrigins origins) : ICorsPolicyProvider
    {
        public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (!await origins.Allows(origin, context.RequestAborted).ConfigureAwait(false))
            {
                return null;
            }

            return new CorsPolicyBuilder()
                .WithOrigins(origin)
                .AllowAnyMethod()
                .AllowAnyHeader()
                .WithExposedHeaders("Retry-After", "Content-Disposition")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
                .Build();
        }
    }
}
