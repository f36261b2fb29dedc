using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;

namespace ActorMessenger.Actors;

/// <summary>
/// Where a node's chats and user entities send what every gateway node must hear: not an actor but a
/// reference whose <c>Tell</c> hands the message on in the sender's own turn, so a delivery costs no
/// mailbox of its own. A chat's <see cref="DeliverToUsers"/> goes straight to this node's outbox and,
/// while the cluster has other members, to every other node's outbox through distributed pub-sub
/// (<see cref="SendToAll"/> to the outboxes' registered path, all but this node's); a
/// <see cref="SessionsRevoked"/> is published to its topic. Before, both crossed a publisher actor, the
/// mediator and the topic actor (three thread-pool hand-offs) on their way to the local outbox.
/// One chat's events still reach each outbox in the order the chat made them: to the local one by one
/// sender's tells, to a remote one through this node's mediator.
/// </summary>
public sealed class NodeDeliveries : MinimalActorRef
{
    private readonly IActorRef _localOutbox;
    private readonly IActorRef _mediator;
    private readonly Func<bool> _othersInCluster;

    /// <param name="othersInCluster">Whether any other node may hold connections (asked per delivery).</param>
    public NodeDeliveries(IActorRefProvider provider, IActorRef localOutbox, IActorRef mediator, Func<bool> othersInCluster)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
        Path = new RootActorPath(provider.DefaultAddress) / "user" / "deliveries";
        _localOutbox = localOutbox;
        _mediator = mediator;
        _othersInCluster = othersInCluster;
    }

    /// <summary>The node's deliveries, with its outbox (made before the chats: see the gateway's Akka wiring).</summary>
    public static NodeDeliveries For(ActorSystem system, IActorRef localOutbox)
    {
        ArgumentNullException.ThrowIfNull(system);
        var cluster = Cluster.Get(system);
        return new NodeDeliveries(((ExtendedActorSystem)system).Provider, localOutbox, DistributedPubSub.Get(system).Mediator, () => cluster.State.Members.Count > 1);
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        switch (message)
        {
            case DeliverToUsers deliver:
                _localOutbox.Tell(deliver, sender);
                if (_othersInCluster())
                {
                    _mediator.Tell(new SendToAll(DeliveryTopic.OutboxPath, deliver, excludeSelf: true), sender);
                }

                break;
            case SessionsRevoked revoked:
                _mediator.Tell(new Publish(SessionsRevoked.Topic, revoked), sender);
                break;
            default:
                Provider.DeadLetters.Tell(new DeadLetter(message, sender, this), sender);
                break;
        }
    }
}
