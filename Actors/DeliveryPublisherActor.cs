using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace ActorMessenger.Actors;

/// <summary>
/// One per node: publishes chats' live events to every gateway node's outbox through distributed
/// pub-sub, so a channel post costs one message per node instead of one per subscriber; and user
/// entities' ended sessions, so that every node stops their tokens and closes their connections.
/// </summary>
public sealed class DeliveryPublisherActor : ReceiveActor
{
    public DeliveryPublisherActor()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<DeliverToUsers>(d => mediator.Tell(new Publish(DeliveryTopic.Name, d)));
        Receive<SessionsRevoked>(r => mediator.Tell(new Publish(SessionsRevoked.Topic, r)));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new DeliveryPublisherActor());
}
