using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Api;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorMessenger.Admin.Backups;

/// <summary>
/// The backup API under <c>/admin</c> (the group brings the admin policy): take a backup (the old
/// <c>POST /admin/backup</c>), watch it, list, download and delete backups.
/// </summary>
public static class BackupEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static void MapBackupEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapPost("/backup", Create);
        admin.MapGet("/backups", (BackupService backups) => Results.Ok(new
        {
            success = true,
            folder = backups.Folder,
            backups = backups.List(),
        }));
        admin.MapGet("/backups/current", (BackupService backups) => Results.Ok(backups.Status));
        admin.MapGet("/backups/{name}", Download);
        admin.MapDelete("/backups/{name}", Delete);
    }

    private static async Task<IResult> Create(BackupService backups, IRequiredActor<AuditKey> audit, IAdminCaller caller, TimeProvider clock, HttpContext http)
    {
        try
        {
            var made = await backups.CreateAsync(BackupService.Manual);

            // Recorded even if the admin has gone away meanwhile: the backup was taken.
            await Audit(audit, caller, clock, http, AuditActions.BackupTaken, made.Name, CancellationToken.None);
            return Results.Ok(new { success = true, backup_file = made.Name, name = made.Name, size = made.Size, createdAt = made.CreatedAt });
        }
        catch (BackupBusyException busy)
        {
            return Error(ErrorCodes.BackupInProgress, busy.Message, StatusCodes.Status409Conflict);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The server's own fault (a full disk, a folder it may not write); the log has the details.
            return Error(ErrorCodes.BackupFailed, $"The backup failed: {ex.Message}", StatusCodes.Status500InternalServerError);
        }
    }

    private static IResult Download(string name, BackupService backups) =>
        Refusal(name, backups) ?? Results.File(backups.Find(name)!, "application/zip", name, enableRangeProcessing: true);

    private static async Task<IResult> Delete(string name, BackupService backups, IRequiredActor<AuditKey> audit, IAdminCaller caller, TimeProvider clock, HttpContext http)
    {
        if (Refusal(name, backups) is { } refused)
        {
            return refused;
        }

        if (!backups.Delete(name))
        {
            return Error(ErrorCodes.NotFound, "No such backup.", StatusCodes.Status404NotFound);
        }

        await Audit(audit, caller, clock, http, AuditActions.BackupDeleted, name, http.RequestAborted);
        return Results.Ok(new { success = true, name });
    }

    private static async Task Audit(IRequiredActor<AuditKey> audit, IAdminCaller caller, TimeProvider clock, HttpContext http, string action, string name, CancellationToken cancellationToken)
    {
        var (adminId, adminName) = caller.Identify(http.User);
        await audit.ActorRef.AskFor<AuditEntry>(new AdminProtocol.RecordAction(clock.GetUtcNow(), adminId, adminName, action, name, null), AskTimeout, cancellationToken);
    }

    /// <summary>Names only as this server makes them, so no path can leave the backups folder.</summary>
    private static IResult? Refusal(string name, BackupService backups)
    {
        if (!BackupRules.IsValidName(name))
        {
            return Error(ErrorCodes.InvalidBackupName, "A backup name looks like messenger_backup_YYYYMMDD_HHMMSS.zip.", StatusCodes.Status400BadRequest);
        }

        return backups.Find(name) is null ? Error(ErrorCodes.NotFound, "No such backup.", StatusCodes.Status404NotFound) : null;
    }

    private static IResult Error(string code, string message, int status) =>
        Results.Json(new { success = false, code, error = message }, statusCode: status);
}
