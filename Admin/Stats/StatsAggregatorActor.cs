using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Admin.Stats.StatsGathererActor;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Stats;

/// <summary>
/// What the admin API asks: counts the store once at start (and on <see cref="Recount"/>), then
/// adds what every node's <see cref="NodeStatsActor"/> has seen since, so no request counts a
/// table. Samples the number of online users every minute for the panel's chart.
/// </summary>
public sealed class StatsAggregatorActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private static readonly TimeSpan NodeDeadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryCount = TimeSpan.FromSeconds(5);

    private readonly IStoreFigures _store;
    private readonly IActorRef _directory;
    private readonly IActorRef _localNode;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeRing _onlinePerMinute = new(NodeFigures.DayMinutes);
    private StoreFigures? _baseline;
    private Dictionary<string, NodeStats> _atBaseline = [];
    private UserList _lastUsers = new([], new HashSet<int>());

    public StatsAggregatorActor(IStoreFigures store, IActorRef directory, IActorRef localNode, TimeProvider clock)
    {
        _store = store;
        _directory = directory;
        _localNode = localNode;
        _clock = clock;
        Counting();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="localNode">This node's collector, asked directly when the store is counted (no round over the cluster in between).</param>
    public static Props Props(IStoreFigures store, IActorRef directory, IActorRef localNode, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new StatsAggregatorActor(store, directory, localNode, clock));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("sample-online", SampleOnline.Instance, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        StartCount();
    }

    /// <summary>Before the store has been counted: the nodes' counters first, then the store, then ready.</summary>
    private void Counting()
    {
        Receive<NodeStats>(local =>
        {
            // Counted right after: what happens between the two counts twice, so nothing may wait in between.
            _atBaseline = new Dictionary<string, NodeStats> { [local.Node] = local };
            _store.CountAsync(NodeFigures.RecentMessages).PipeTo(Self, success: f => new Counted(f), failure: ex => new CountFailed(ex));
        });
        Receive<Counted>(c =>
        {
            _baseline = c.Figures;
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<CountFailed>(f =>
        {
            _log.Warning(f.Cause, "Counting the store for the statistics failed; trying again");
            Timers.StartSingleTimer("recount", new Recount(), RetryCount);
        });
        Receive<Recount>(_ => StartCount());
        Common();
        ReceiveAny(_ => Stash.Stash());
    }

    private void Ready()
    {
        Receive<GetStats>(_ => Gather(Sender));
        Receive<Gathered>(g =>
        {
            if (g.Users is { } users)
            {
                _lastUsers = users;
            }

            // The store's recent messages were read when it was counted: those deleted since must not show.
            _baseline = StatsMerge.WithoutDeleted(_baseline!, g.Nodes);
            var now = _clock.GetUtcNow();
            g.Requester?.Tell(StatsMerge.Report(
                now,
                _baseline!,
                _atBaseline,
                g.Nodes,
                _lastUsers.Users,
                _lastUsers.Online.Count,
                _onlinePerMinute,
                _store.Sizes(),
                ExpectedNodes()));
        });
        Receive<Recount>(_ =>
        {
            Become(Counting);
            StartCount();
        });
        Common();
    }

    private void Common()
    {
        Receive<SampleOnline>(_ => _directory.Ask<OnlineUsers>(new GetOnlineUsers(), TimeSpan.FromSeconds(10))
            .PipeTo(Self, success: o => new OnlineSampled(_clock.GetUtcNow(), o.Users.Count), failure: _ => new OnlineSampled(_clock.GetUtcNow(), -1)));
        Receive<OnlineSampled>(s =>
        {
            if (s.Count >= 0)
            {
                _onlinePerMinute.Set(TimeRing.MinuteOf(s.At), s.Count);
            }
        });
    }

    private void StartCount() => _localNode.Tell(new GetNodeStats());

    private void Gather(IActorRef? requester) =>
        Context.ActorOf(StatsGathererActor.Props(requester, ExpectedNodes(), _directory, NodeDeadline));

    private static int ExpectedNodes() =>
        Math.Max(1, Cluster.Get(Context.System).State.Members.Count(m => m.Status == MemberStatus.Up));

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed record Counted(StoreFigures Figures) : INoSerializationVerificationNeeded;

    private sealed record CountFailed(Exception Cause) : INoSerializationVerificationNeeded;

    private sealed record OnlineSampled(DateTimeOffset At, int Count) : INoSerializationVerificationNeeded;

    private sealed class SampleOnline : INoSerializationVerificationNeeded
    {
        public static readonly SampleOnline Instance = new();
    }
}
