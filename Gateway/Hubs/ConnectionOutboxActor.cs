using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Event;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// One per gateway node: the only way actors reach SignalR connections. A hub context reaches only
/// this node's connections, so user entities anywhere in the cluster send here.
/// </summary>
public sealed class ConnectionOutboxActor : ReceiveActor
{
    public ConnectionOutboxActor(IHubContext<MessengerHub> hub)
    {
        var log = Context.GetLogger();
        Receive<PushToConnections>(push =>
        {
            var send = push.ConnectionIds.Count == 1
                ? hub.Clients.Client(push.ConnectionIds[0]).SendAsync(push.Event.Name, push.Event.Payload)
                : hub.Clients.Clients(push.ConnectionIds).SendAsync(push.Event.Name, push.Event.Payload);

            // A closed connection is normal here; anything else is worth a line.
            send.ContinueWith(
                t => log.Warning(t.Exception, "Push of {0} failed", push.Event.Name),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        });
    }

    public static Props Props(IHubContext<MessengerHub> hub) => Akka.Actor.Props.Create(() => new ConnectionOutboxActor(hub));
}

public sealed class OutboxKey;
