using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>Names of audited actions, as the audit log and the panel show them.</summary>
public static class AuditActions
{
    public const string UpdatePushed = "update_pushed";
    public const string UpdateCancelled = "update_cancelled";
    public const string UserBlocked = "user_blocked";
    public const string UserUnblocked = "user_unblocked";
    public const string UserDeleted = "user_deleted";
    public const string UserCreated = "user_created";
    public const string RoleChanged = "role_changed";
    public const string BackupTaken = "backup_taken";
    public const string BackupDeleted = "backup_deleted";
    public const string ServerRestart = "server_restart";
    public const string ServerShutdown = "server_shutdown";
    public const string MessagesCleared = "messages_cleared";
    public const string ChatCleared = "chat_cleared";
    public const string ClusterLeave = "cluster_leave";
}

/// <summary><c>GET /admin/audit?before=&amp;limit=</c>: the admin actions, newest first.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/audit", async (IRequiredActor<AuditKey> audit, HttpContext http, long? before, int? limit) =>
        {
            if (before is <= 0 || limit is < 1 or > 500)
            {
                throw new MessengerException(ErrorCodes.InvalidRequest, "before is a positive entry id; limit 1..500.");
            }

            var page = await audit.ActorRef.AskFor<AuditPage>(new GetAudit(before, limit ?? 100), AdminContext.AskTimeout, http.RequestAborted);
            return Results.Ok(new { entries = page.Entries, hasMore = page.HasMore });
        });
        return admin;
    }
}
