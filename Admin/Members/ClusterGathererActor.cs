using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using static ActorMessenger.Admin.Members.ClusterProtocol;

namespace ActorMessenger.Admin.Members;

/// <summary>
/// Asked <see cref="GatherFigures"/> once: asks every node's <see cref="ClusterNodeActor"/>, waits for
/// the expected number of answers or the deadline, answers with what it got and stops. A node that
/// cannot be reached is missing from the answer instead of holding it.
/// </summary>
public sealed class ClusterGathererActor : ReceiveActor
{
    private readonly List<NodeFigures> _nodes = [];
    private readonly int _expected;
    private IActorRef? _requester;

    public ClusterGathererActor(int expected, TimeSpan deadline)
    {
        _expected = expected;
        Receive<GatherFigures>(_ =>
        {
            _requester = Sender;
            DistributedPubSub.Get(Context.System).Mediator.Tell(new SendToAll(ClusterNodeActor.Path, new GetNodeFigures()));
            Context.SetReceiveTimeout(deadline);
        });
        Receive<NodeFigures>(n =>
        {
            _nodes.Add(n);
            if (_nodes.Count >= _expected)
            {
                Finish();
            }
        });
        Receive<ReceiveTimeout>(_ => Finish());
    }

    public static Props Props(int expected, TimeSpan deadline) => Akka.Actor.Props.Create(() => new ClusterGathererActor(expected, deadline));

    private void Finish()
    {
        _requester?.Tell(new GatheredFigures(_nodes));
        Context.Stop(Self);
    }
}
