using System.Diagnostics;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Api;
using ActorMessenger.Admin.Backups;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorMessenger.Admin;

/// <summary>
/// The admin API, reachable only with an admin token. Grows into the admin panel's back end
/// (stats aggregator, backups) in its own issue.
/// </summary>
public static class AdminEndpoints
{
    public const string Policy = "admin";

    /// <summary>Maps the admin API; the caller adds its error shape to the group it returns.</summary>
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var admin = app.MapGroup("/admin").RequireAuthorization(Policy);
        admin.MapStatsEndpoints();
        admin.MapUpdateEndpoints();
        admin.MapAuditEndpoints();
        admin.MapAccountEndpoints();
        admin.MapServerEndpoints();
        admin.MapClusterEndpoints();
        admin.MapHistoryEndpoints();

        // Collects garbage first: slow on a big heap, so for admins and diagnostics only.
        admin.MapPost("/server/memory", MemoryAfterFullCollection);
        admin.MapGet("/server/allocations", Allocations);
        admin.MapBackupEndpoints();
        return admin;
    }

    public static string AdminRole => Roles.Admin;

    /// <summary>Bytes allocated since the process started (no collection): two readings apart give the allocations between them.</summary>
    public static object Allocations() => new { allocatedBytes = GC.GetTotalAllocatedBytes(precise: false) };

    /// <summary>Memory after a full, blocking collection: what the server really holds, not garbage awaiting the GC.</summary>
    public static object MemoryAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new
        {
            managedBytes = GC.GetTotalMemory(forceFullCollection: false),
            workingSetBytes = process.WorkingSet64,
            gcHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
        };
    }
}
