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
/// its shard regions), its hub connections (from the outbox's <see cref="ConnectionsNow"/>), its URLs, the
/// cluster singletons running here (their instance, the child of this node's singleton manager) —
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

    public ClusterNodeActor(IActorRef chats, IActorRef users, IReadOnlyList<string> singletons, INodeControl node, TimeProvider clock)
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
            var (version, startedAt) = (_node.Version, _startedAt);
            var regions = Task.WhenAll(RegionState(chats), RegionState(users));
            var running = Task.WhenAll(singletons.Select(name => RunsHere(Context.System, name)));
            Figures().PipeTo(Sender);

            async Task<NodeFigures> Figures()
            {
                var states = await regions.ConfigureAwait(false);
                var (chatRegion, userRegion) = (states[0], states[1]);
                var here = await running.ConfigureAwait(false);
                return new NodeFigures(
                    address, urls, version, startedAt, upSince,
                    chatRegion?.Shards.Count, chatRegion?.Shards.Sum(s => s.EntityIds.Count),
                    userRegion?.Shards.Count, userRegion?.Shards.Sum(s => s.EntityIds.Count),
                    connections, connectedUsers, stopping,
                    [.. singletons.Where((_, i) => here[i])]);
            }
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

    public static Props Props(IActorRef chats, IActorRef users, IReadOnlyList<string> singletons, INodeControl node, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new ClusterNodeActor(chats, users, singletons, node, clock));

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

    /// <summary>Whether the singleton's instance runs on this node (the child of its singleton manager, named as the singleton).</summary>
    private static async Task<bool> RunsHere(ActorSystem system, string singleton)
    {
        try
        {
            await system.ActorSelection($"/user/{singleton}/{singleton}").ResolveOne(RegionTimeout).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is ActorNotFoundException or AskTimeoutException or TaskCanceledException)
        {
            return false;
        }
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
