using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using static ActorMessenger.Actors.Protocol.Activities;
using static ActorMessenger.Admin.Members.ClusterProtocol;

namespace ActorMessenger.Admin.Members;

/// <summary>
/// One per node, at <see cref="Path"/>: answers <see cref="GetNodeFigures"/> from any node (it is
/// registered with distributed pub-sub) with what this node holds — its shards and entities (asked of
/// its shard regions), its hub connections (from the outbox's <see cref="ConnectionsNow"/>), its URLs —
/// and carries out <see cref="LeaveCluster"/> when it names this node.
/// </summary>
public sealed class ClusterNodeActor : ReceiveActor
{
    public const string Name = "cluster-node";
    public const string Path = "/user/" + Name;

    /// <summary>How long a shard region gets to say what it holds before the figures go without it.</summary>
    public static readonly TimeSpan RegionTimeout = TimeSpan.FromSeconds(2);

    private readonly INodeControl _node;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _startedAt;
    private DateTimeOffset? _upSince;
    private int _connections;
    private int _connectedUsers;

    public ClusterNodeActor(IActorRef chats, IActorRef users, INodeControl node, TimeProvider clock)
    {
        _node = node;
        _clock = clock;
        _startedAt = clock.GetUtcNow();
        var self = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ConnectionsNow>(c => (_connections, _connectedUsers) = (c.Connections, c.Users));
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            if (state.Members.Any(m => m.Address == self.SelfAddress && m.Status == MemberStatus.Up))
            {
                _upSince ??= _clock.GetUtcNow();
            }
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address == self.SelfAddress)
            {
                _upSince ??= _clock.GetUtcNow();
            }
        });
        Receive<GetNodeFigures>(_ =>
        {
            var address = self.SelfAddress.ToString();
            var (urls, stopping, connections, connectedUsers, upSince) = (_node.Urls(), _node.Stopping, _connections, _connectedUsers, _upSince);
            Task.WhenAll(RegionState(chats), RegionState(users)).PipeTo(
                Sender,
                success: regions => new NodeFigures(
                    address, urls, _node.Version, _startedAt, upSince,
                    regions[0]?.Shards.Count, regions[0]?.Shards.Sum(s => s.EntityIds.Count),
                    regions[1]?.Shards.Count, regions[1]?.Shards.Sum(s => s.EntityIds.Count),
                    connections, connectedUsers, stopping));
        });
        Receive<LeaveCluster>(leave =>
        {
            if (leave.Address != self.SelfAddress.ToString())
            {
                return;
            }

            var already = _node.Stopping;
            Sender.Tell(new Leaving(leave.Address, already));
            if (!already)
            {
                _node.Leave();
            }
        });
    }

    public static Props Props(IActorRef chats, IActorRef users, INodeControl node, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new ClusterNodeActor(chats, users, node, clock));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ConnectionsNow));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberUp));
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Put(Self));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private static async Task<CurrentShardRegionState?> RegionState(IActorRef region)
    {
        try
        {
            return await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, RegionTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }
}
