using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorMessenger.Gateway.Hosting;

/// <summary><c>GET /health</c>: <c>{"status":"Healthy","version":"…"}</c>, so a monitor or an updater sees which release answers.</summary>
public static class HealthAnswer
{
    public static Task Write(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString(), version = ServerVersion.Current }));
    }
}
