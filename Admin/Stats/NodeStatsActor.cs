using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using static ActorMessenger.Actors.Protocol.Activities;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Stats;

/// <summary>
/// One per node, at <see cref="Path"/>: keeps the node's figures from the activities published on
/// its event stream, and answers <see cref="GetNodeStats"/> from any node (it is registered with
/// distributed pub-sub, so an aggregator reaches every node's collector with one SendToAll).
/// </summary>
public sealed class NodeStatsActor : ReceiveActor
{
    public const string Name = "node-stats";
    public const string Path = "/user/" + Name;

    private readonly NodeFigures _figures = new();
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<(string Name, IActorRef Actor)> _watched;

    public NodeStatsActor(TimeProvider clock, IReadOnlyList<(string Name, IActorRef Actor)> watched)
    {
        _clock = clock;
        _watched = watched;
        Receive<ChatActivity>(a => _figures.Apply(a, _clock.GetUtcNow()));
        Receive<AttachmentActivity>(_figures.Apply);
        Receive<ConnectionsNow>(_figures.Apply);
        Receive<GetNodeStats>(_ => Sender.Tell(_figures.Report(Cluster.Get(Context.System).SelfAddress.ToString(), _clock.GetUtcNow(), _watched)));
    }

    /// <param name="watched">Long-lived actors of this node whose queues the live view shows.</param>
    public static Props Props(TimeProvider clock, IReadOnlyList<(string Name, IActorRef Actor)> watched) =>
        Akka.Actor.Props.Create(() => new NodeStatsActor(clock, watched));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ChatActivity));
        Context.System.EventStream.Subscribe(Self, typeof(AttachmentActivity));
        Context.System.EventStream.Subscribe(Self, typeof(ConnectionsNow));
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Put(Self));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
