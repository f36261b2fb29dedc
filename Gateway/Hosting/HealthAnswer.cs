using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// <c>GET /health</c> (liveness: 200 while the process answers, <c>status</c> "Healthy") and
/// <c>GET /health/ready</c> (readiness: 503 unless this node is an Up member of the cluster, its
/// database answers and it is not stopping), both as
/// <c>{"status","version","ready","node","cluster":{"status","member"},"database":{"reachable","error"},"stopping"}</c>,
/// so a monitor sees which release answers and a load balancer or keepalived where to send browsers.
/// </summary>
public static class HealthAnswer
{
    public const string Path = "/health";
    public const string ReadyPath = "/health/ready";

    public static HealthCheckOptions Liveness { get; } = new()
    {
        ResponseWriter = (context, report) => Write(context, report, liveness: true),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status200OK,
        },
    };

    public static HealthCheckOptions Readiness { get; } = new()
    {
        ResponseWriter = (context, report) => Write(context, report, liveness: false),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task Write(HttpContext context, HealthReport report, bool liveness)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var cluster = report.Entries.GetValueOrDefault(NodeHealthChecks.Cluster);
        var database = report.Entries.GetValueOrDefault(NodeHealthChecks.Database);
        var stopping = report.Entries.GetValueOrDefault(NodeHealthChecks.Stopping);
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = liveness ? nameof(HealthStatus.Healthy) : report.Status.ToString(),
            version = ServerVersion.Current,
            ready = report.Status == HealthStatus.Healthy,
            node = cluster.Data?.GetValueOrDefault("address"),
            cluster = new { status = cluster.Data?.GetValueOrDefault("status") ?? "none", member = cluster.Status == HealthStatus.Healthy },
            database = new { reachable = database.Status == HealthStatus.Healthy, error = database.Status == HealthStatus.Healthy ? null : database.Description },
            stopping = stopping.Status != HealthStatus.Healthy,
        }));
    }
}
