using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

namespace ActorMessenger.Gateway.Cluster;

/// <summary>
/// Brings a node on a shared database into the one cluster: it publishes the node's address with a
/// heartbeat, and decides whom to join under the database's lock (see <see cref="IClusterStore.EnrollAsync"/>):
/// the members if any are up, else the first live node by start order, which forms the cluster when it is
/// this one. Nodes started at once are thus ordered, never two clusters. A join that has not made the node a
/// member after a while (its seeds were dead rows not yet expired) is decided again. With <c>--seed</c> it
/// joins those instead and only publishes its heartbeat. Also logs members coming and going.
/// </summary>
public sealed partial class ClusterFormationActor : ReceiveActor, IWithTimers
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IClusterStore _store;
    private readonly ClusterSettings _settings;
    private readonly IReadOnlyList<Address> _seeds;
    private readonly ILogger _log;
    private readonly string _self;
    private readonly HashSet<Address> _members = [];
    private bool _up;
    private bool _heartbeatFailing;

    public ClusterFormationActor(IClusterStore store, ClusterSettings settings, IReadOnlyList<Address> seeds, ILogger log)
    {
        _store = store;
        _settings = settings;
        _seeds = seeds;
        _log = log;
        _self = _cluster.SelfAddress.ToString();

        Receive<Decide>(_ =>
        {
            if (_up)
            {
                return;
            }

            if (_seeds.Count > 0)
            {
                _cluster.JoinSeedNodes(_seeds);
                Timers.StartSingleTimer(Decide.Instance, Decide.Instance, _settings.HeartbeatExpiry * 2);
                return;
            }

            _store.EnrollAsync(_self, _settings.HeartbeatExpiry, CancellationToken.None)
                .PipeTo(Self, success: plan => plan, failure: ex => new StoreFailed(ex));
        });
        Receive<ClusterJoinPlan>(plan =>
        {
            if (_up)
            {
                return;
            }

            IReadOnlyList<string> join = plan.Members.Count > 0 ? plan.Members : [plan.First];
            if (plan.Members.Count > 0 || plan.First != _self)
            {
                LogJoining(_log, join);
                _cluster.JoinSeedNodes(join.Select(Address.Parse));
            }
            else
            {
                LogForming(_log, _self);
                _cluster.Join(_cluster.SelfAddress);
            }

            Timers.StartSingleTimer(Decide.Instance, Decide.Instance, _settings.HeartbeatExpiry * 2);
        });
        Receive<StoreFailed>(f =>
        {
            LogStoreFailed(_log, f.Cause.Message);
            Timers.StartSingleTimer(Decide.Instance, Decide.Instance, _settings.HeartbeatInterval);
        });
        Receive<Beat>(_ => _store.HeartbeatAsync(_self, _up, CancellationToken.None)
            .PipeTo(Self, success: () => Beaten.Instance, failure: ex => new BeatFailed(ex)));
        Receive<Beaten>(_ => _heartbeatFailing = false);
        Receive<BeatFailed>(f =>
        {
            // Once per outage: the database is retried at every beat anyway.
            if (!_heartbeatFailing)
            {
                LogStoreFailed(_log, f.Cause.Message);
            }

            _heartbeatFailing = true;
        });
        Receive<MemberUp>(up =>
        {
            _members.Add(up.Member.Address);
            if (up.Member.Address == _cluster.SelfAddress)
            {
                _up = true;
                Timers.Cancel(Decide.Instance);
                Self.Tell(Beat.Instance);
            }

            LogMemberUp(_log, up.Member.Address, _members.Count);
        });
        Receive<MemberRemoved>(removed =>
        {
            if (_members.Remove(removed.Member.Address))
            {
                LogMemberRemoved(_log, removed.Member.Address, removed.PreviousStatus, _members.Count);
            }
        });
        Receive<UnreachableMember>(m => LogUnreachable(_log, m.Member.Address));
        Receive<ReachableMember>(m => LogReachable(_log, m.Member.Address));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IClusterStore store, ClusterSettings settings, IReadOnlyList<Address> seeds, ILogger log) =>
        Akka.Actor.Props.Create(() => new ClusterFormationActor(store, settings, seeds, log));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, InitialStateAsEvents, typeof(MemberUp), typeof(MemberRemoved), typeof(UnreachableMember), typeof(ReachableMember));
        Timers.StartPeriodicTimer(Beat.Instance, Beat.Instance, _settings.HeartbeatInterval);
        Self.Tell(Decide.Instance);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: no other node is running; {Address} forms the cluster.")]
    private static partial void LogForming(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: joining {Seeds}.")]
    private static partial void LogJoining(ILogger logger, IReadOnlyList<string> seeds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: member up {Address}; members: {Count}.")]
    private static partial void LogMemberUp(ILogger logger, Address address, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: member removed {Address} (was {Status}); members: {Count}.")]
    private static partial void LogMemberRemoved(ILogger logger, Address address, MemberStatus status, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: {Address} is unreachable.")]
    private static partial void LogUnreachable(ILogger logger, Address address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: {Address} is reachable again.")]
    private static partial void LogReachable(ILogger logger, Address address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: the database did not take this node's heartbeat or join decision ({Reason}); retrying.")]
    private static partial void LogStoreFailed(ILogger logger, string reason);

    private sealed class Decide : INoSerializationVerificationNeeded
    {
        public static readonly Decide Instance = new();
    }

    private sealed class Beat : INoSerializationVerificationNeeded
    {
        public static readonly Beat Instance = new();
    }

    private sealed class Beaten : INoSerializationVerificationNeeded
    {
        public static readonly Beaten Instance = new();
    }

    private sealed record BeatFailed(Exception Cause) : INoSerializationVerificationNeeded;

    private sealed record StoreFailed(Exception Cause) : INoSerializationVerificationNeeded;
}
