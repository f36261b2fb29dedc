using ActorMessenger.Gateway.Hosting;

namespace ActorMessenger.Gateway.Api;

/// <summary>
/// <c>GET /api/cluster/nodes</c>: the addresses of the cluster's live nodes, asked of the nodes
/// themselves, so a client whose node dies can go on with another (same token, then <c>sync</c>).
/// </summary>
public static class ClusterNodeEndpoints
{
    public static void MapClusterNodeEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api").WithMessengerErrors().RequireAuthorization()
            .MapGet("/cluster/nodes", async (ClusterOrigins origins, HttpContext http) => Results.Ok(new { nodes = await origins.LiveUrls(http.RequestAborted) }));
}
