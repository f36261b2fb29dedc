using ActorMessenger.Admin.Api;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using static ActorMessenger.Admin.Live.AdminLiveProtocol;

namespace ActorMessenger.Admin.Live;

/// <summary>
/// The admin panel's live feed at <c>/hub/admin</c>, for the admin role only: the server pushes
/// <c>admin_stats</c> snapshots when figures change (see <see cref="AdminLiveActor"/>); clients call nothing.
/// </summary>
[Authorize(Policy = AdminEndpoints.Policy)]
public sealed class AdminHub(IRequiredActor<AdminLiveKey> live, IAdminCaller caller) : Hub
{
    public const string Path = "/hub/admin";

    public override Task OnConnectedAsync()
    {
        var user = Context.User!;
        var context = Context;
        live.ActorRef.Tell(new AdminConnected(context.ConnectionId, caller.Identify(user).Id, caller.SessionOf(user) ?? string.Empty, context.Abort));
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        live.ActorRef.Tell(new AdminDisconnected(Context.ConnectionId));
        return Task.CompletedTask;
    }
}

/// <summary>The admin hub as the <see cref="AdminLiveActor"/> sees it.</summary>
public sealed class HubAdminPush(IHubContext<AdminHub> hub) : IAdminPush
{
    public Task Snapshot(object snapshot) => hub.Clients.All.SendAsync(StatsEvent, snapshot);

    public Task SessionEnded(string connectionId, string reason) =>
        hub.Clients.Client(connectionId).SendAsync(Actors.Protocol.ClientEventNames.SessionEnded, new Actors.Protocol.SessionEndedEvent(reason));
}
