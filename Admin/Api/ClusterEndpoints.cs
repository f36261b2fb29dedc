using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Members;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static ActorMessenger.Admin.Members.ClusterProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>
/// <c>GET /admin/cluster</c>: the members, their state, and per node its shards, entities, connections
/// and URLs; <c>POST /admin/cluster/leave</c> <c>{address}</c>: that node leaves gracefully (audited).
/// </summary>
public static class ClusterEndpoints
{
    public sealed record LeaveRequest(string? Address);

    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/cluster", async (ActorSystem system, HttpContext http) => Results.Ok(await Gather(system, http.RequestAborted)));
        admin.MapPost("/cluster/leave", Leave);
        return admin;
    }

    /// <summary>The cluster as this node sees it, with every node's own figures gathered now.</summary>
    public static async Task<ClusterViews.ClusterView> Gather(ActorSystem system, CancellationToken ct)
    {
        var (state, self, nodes) = await ClusterQuery.Gather(system, ct);
        return ClusterViews.Of(state, self, nodes);
    }

    private static async Task<IResult> Leave(LeaveRequest? body, AdminContext ctx, ActorSystem system)
    {
        if (body?.Address is not { Length: > 0 } address)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, "Name the node: {\"address\": \"akka.tcp://messenger@host:port\"}.");
        }

        var cluster = Akka.Cluster.Cluster.Get(system);
        var member = cluster.State.Members.FirstOrDefault(m => m.Address.ToString() == address)
            ?? throw new MessengerException(ErrorCodes.NotFound, "No such member of the cluster.");
        await ctx.Audit(AuditActions.ClusterLeave, address, member.Status.ToString());
        Leaving answer;
        try
        {
            // The node stops itself, so its clients are told and closed before its shards move.
            answer = await system.ActorSelection(new RootActorPath(member.Address) / "user" / ClusterNodeActor.Name)
                .Ask<Leaving>(new LeaveCluster(address), ClusterQuery.GatherDeadline, ctx.Aborted);
        }
        catch (AskTimeoutException)
        {
            // It did not answer: the cluster takes it out without its help once it can.
            cluster.Leave(member.Address);
            answer = new Leaving(address, AlreadyStopping: false);
        }

        return Results.Json(new { success = true, address = answer.Address, alreadyLeaving = answer.AlreadyStopping }, statusCode: StatusCodes.Status202Accepted);
    }
}
