using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Stats;

/// <summary>
/// Asks every node's collector and the user directory once, waits for the expected number of
/// nodes (or the deadline), hands what it got to its parent and stops.
/// </summary>
public sealed class StatsGathererActor : ReceiveActor
{
    private readonly List<NodeStats> _nodes = [];
    private readonly IActorRef? _requester;
    private readonly int _expectedNodes;
    private UserList? _users;

    public StatsGathererActor(IActorRef? requester, int expectedNodes, IActorRef directory, TimeSpan deadline)
    {
        _requester = requester;
        _expectedNodes = expectedNodes;
        Receive<NodeStats>(n =>
        {
            _nodes.Add(n);
            FinishIfComplete();
        });
        Receive<UserList>(u =>
        {
            _users = u;
            FinishIfComplete();
        });
        Receive<ReceiveTimeout>(_ => Finish());

        DistributedPubSub.Get(Context.System).Mediator.Tell(new SendToAll(NodeStatsActor.Path, new GetNodeStats()));
        directory.Tell(new ListUsers());
        Context.SetReceiveTimeout(deadline);
    }

    /// <summary>What was gathered; <see cref="Users"/> is null if the directory did not answer in time.</summary>
    public sealed record Gathered(IActorRef? Requester, IReadOnlyList<NodeStats> Nodes, UserList? Users);

    public static Props Props(IActorRef? requester, int expectedNodes, IActorRef directory, TimeSpan deadline) =>
        Akka.Actor.Props.Create(() => new StatsGathererActor(requester, expectedNodes, directory, deadline));

    private void FinishIfComplete()
    {
        if (_users is not null && _nodes.Count >= _expectedNodes)
        {
            Finish();
        }
    }

    private void Finish()
    {
        Context.Parent.Tell(new Gathered(_requester, _nodes, _users));
        Context.Stop(Self);
    }
}
