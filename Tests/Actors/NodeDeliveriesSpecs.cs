using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Xunit;

namespace ActorMessenger.Tests.Actors;

/// <summary>
/// A chat's delivery goes to its node's outbox at once and, only while other nodes may hold connections,
/// to theirs through pub-sub. The reference hands messages on inside <c>Tell</c>, so each probe already
/// holds what it will ever get from one call when the call returns.
/// </summary>
public sealed class NodeDeliveriesSpecs : Akka.TestKit.Xunit2.TestKit
{
    public NodeDeliveriesSpecs()
        : base(ActorMessenger.Tests.Support.WireSpecHocon.Config)
    {
    }

    // A payload the wire has a binding for: with serialize-messages on, each probe gets the copy read back.
    private static readonly DeliverToUsers Delivery = new([1, 2], new ClientEvent(ClientEventNames.OnlineUsers, new OnlineUsersEvent([1, 2])), "conn-a");

    private static void AssertIsTheDelivery(object? got)
    {
        var delivery = Assert.IsType<DeliverToUsers>(got);
        Assert.Equal(Delivery.UserIds, delivery.UserIds);
        Assert.Equal(Delivery.ExceptConnectionId, delivery.ExceptConnectionId);
        Assert.Equal(Delivery.Event.Name, delivery.Event.Name);
        Assert.Equal([1, 2], Assert.IsType<OnlineUsersEvent>(delivery.Event.Payload).Users);
    }

    private NodeDeliveries Deliveries(IActorRef outbox, IActorRef mediator, bool others) =>
        new(((ExtendedActorSystem)Sys).Provider, outbox, mediator, () => others);

    [Fact]
    public void On_a_node_alone_a_delivery_goes_to_its_own_outbox_only()
    {
        var (outbox, mediator, chat) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        Deliveries(outbox.Ref, mediator.Ref, others: false).Tell(Delivery, chat.Ref);

        AssertIsTheDelivery(outbox.ExpectMsg<DeliverToUsers>());
        Assert.Equal(chat.Ref, outbox.LastSender);
        mediator.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void In_a_cluster_a_delivery_also_goes_to_every_other_nodes_outbox_by_its_path()
    {
        var (outbox, mediator) = (CreateTestProbe(), CreateTestProbe());
        Deliveries(outbox.Ref, mediator.Ref, others: true).Tell(Delivery);

        AssertIsTheDelivery(outbox.ExpectMsg<DeliverToUsers>());
        var sent = mediator.ExpectMsg<SendToAll>();
        Assert.Equal(DeliveryTopic.OutboxPath, sent.Path);
        Assert.True(sent.ExcludeSelf, "this node's outbox already has it");
        AssertIsTheDelivery(sent.Message);
    }

    [Fact]
    public void Ended_sessions_are_published_to_every_node_and_not_delivered_locally_twice()
    {
        var (outbox, mediator) = (CreateTestProbe(), CreateTestProbe());
        var revoked = new SessionsRevoked(7, ["s1"], SessionEndReasons.LoggedOut, DateTimeOffset.UtcNow);
        Deliveries(outbox.Ref, mediator.Ref, others: true).Tell(revoked);

        var published = mediator.ExpectMsg<Publish>();
        Assert.Equal(SessionsRevoked.Topic, published.Topic);
        Assert.Same(revoked, published.Message);
        outbox.ExpectNoMsg(TimeSpan.Zero);
    }
}
