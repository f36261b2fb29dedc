using ActorMessenger.Actors.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorMessenger.Admin.Api;

/// <summary>
/// The old server's <c>GET /admin/server/status</c>, <c>POST /admin/server/restart</c> and
/// <c>POST /admin/server/shutdown</c>. Restart and shutdown are audited, answered with 202, and only
/// then begun: the stop is graceful (see <see cref="IServerControl"/>).
/// </summary>
public static class ServerEndpoints
{
    public static RouteGroupBuilder MapServerEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/server/status", (IServerControl server) => Results.Ok(server.Status()));
        admin.MapPost("/server/restart", (AdminContext ctx, IServerControl server, HttpContext http) => Stop(ctx, server, http, ServerStopReasons.Restart));
        admin.MapPost("/server/shutdown", (AdminContext ctx, IServerControl server, HttpContext http) => Stop(ctx, server, http, ServerStopReasons.Shutdown));
        return admin;
    }

    /// <summary>
    /// The first request wins: a second one (of either kind) while a stop is pending changes nothing
    /// and says which stop is under way.
    /// </summary>
    private static async Task<IResult> Stop(AdminContext ctx, IServerControl server, HttpContext http, string reason)
    {
        var pending = server.Status().Stopping;
        var first = pending is null;
        if (first)
        {
            await ctx.Audit(reason == ServerStopReasons.Restart ? AuditActions.ServerRestart : AuditActions.ServerShutdown, null, server.Status().RestartMode);
            pending = server.Request(reason);
        }

        // Only once the answer has gone out: the admin learns that the stop was accepted before connections close.
        http.Response.OnCompleted(() =>
        {
            server.Begin();
            return Task.CompletedTask;
        });
        var status = server.Status();
        return Results.Json(
            new { success = true, action = pending, alreadyRequested = !first, reconnectAfterMs = status.ReconnectAfterMs, restartMode = status.RestartMode },
            statusCode: StatusCodes.Status202Accepted);
    }
}

/// <summary>Starts and watches the server's own graceful stop; implemented by the host.</summary>
public interface IServerControl
{
    ServerStatus Status();

    /// <summary>Marks a stop as asked (the first reason wins) and returns the reason in force; nothing stops yet.</summary>
    string Request(string reason);

    /// <summary>Begins the stop asked for (no-op without one, or when it has begun already).</summary>
    void Begin();
}

/// <summary>
/// <c>GET /admin/server/status</c>: the old server's <c>running, uptime (seconds), port</c> and what an
/// operator needs besides. <c>Stopping</c> is null, <c>"restart"</c> or <c>"shutdown"</c>;
/// <c>RestartMode</c> says how a restart comes back: <c>"process"</c> (the server exits with
/// <c>RestartExitCode</c> and its start script or service manager starts it again) or
/// <c>"in_process"</c> (run without a supervisor, the server starts itself again inside the same process).
/// <c>LowDisk</c>: the data directory's disk has less free space than <c>MinFreeDiskBytes</c>, so uploads
/// are refused (<c>insufficient_storage</c>); the panel warns.
/// </summary>
public sealed record ServerStatus(
    bool Running,
    double Uptime,
    int Port,
    DateTimeOffset StartedAt,
    IReadOnlyList<string> Addresses,
    string Version,
    string Node,
    string DataDir,
    int Connections,
    int Pid,
    DateTimeOffset ProcessStartedAt,
    long? FreeDiskBytes,
    long MinFreeDiskBytes,
    bool LowDisk,
    bool RestartPending,
    string? Stopping,
    string RestartMode,
    int RestartExitCode,
    int ReconnectAfterMs);
