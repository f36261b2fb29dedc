using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Stats;
using Akka.Actor;
using Akka.Event;
using static ActorMessenger.Admin.Live.AdminLiveProtocol;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Live;

/// <summary>
/// One per node: while admins are connected to this node's admin hub, asks the statistics aggregator
/// at most once per <c>interval</c> (never two asks at once) and pushes a snapshot only when a figure
/// changed, so the panel is live without polling and an idle server pushes nothing. Admin connections
/// whose session ends (blocked, demoted, logged out) are told and closed.
/// </summary>
public sealed class AdminLiveActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private readonly IActorRef _stats;
    private readonly IAdminPush _push;
    private readonly TimeSpan _interval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, AdminConnected> _connections = [];
    private bool _asking;
    private string? _lastPushed;

    public AdminLiveActor(IActorRef stats, IAdminPush push, TimeSpan interval)
    {
        _stats = stats;
        _push = push;
        _interval = interval;

        Receive<AdminConnected>(c =>
        {
            _connections[c.ConnectionId] = c;

            // The newcomer gets the next snapshot even if nothing changed.
            _lastPushed = null;
            if (_connections.Count == 1)
            {
                Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, TimeSpan.Zero, _interval);
            }
        });
        Receive<AdminDisconnected>(d =>
        {
            _connections.Remove(d.ConnectionId);
            if (_connections.Count == 0)
            {
                Timers.Cancel(nameof(Tick));
            }
        });
        Receive<SessionsRevoked>(revoked =>
        {
            foreach (var c in _connections.Values.Where(c => c.UserId == revoked.UserId && revoked.SessionIds.Contains(c.SessionId)).ToList())
            {
                _connections.Remove(c.ConnectionId);
                _push.SessionEnded(c.ConnectionId, revoked.Reason).ContinueWith(_ => c.Close(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        });
        Receive<Tick>(_ =>
        {
            if (_asking || _connections.Count == 0)
            {
                return;
            }

            _asking = true;
            _stats.Ask<StatsReport>(new GetStats(), AskTimeout).PipeTo(Self, success: r => new Answered(r), failure: ex => new AskFailed(ex));
        });
        Receive<Answered>(a =>
        {
            _asking = false;
            var figures = Fingerprint(a.Report);
            if (_connections.Count == 0 || figures == _lastPushed)
            {
                return;
            }

            _lastPushed = figures;
            _push.Snapshot(new { stats = StatsViews.Stats(a.Report), live = StatsViews.Live(a.Report) })
                .ContinueWith(t => _log.Warning(t.Exception, "Pushing the admin snapshot failed"), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        });
        Receive<AskFailed>(f =>
        {
            _asking = false;
            _log.Warning(f.Cause, "The statistics did not answer the admin push");
        });
        Receive<GetAdminConnections>(_ => Sender.Tell(_connections.Count));

        // The wiring subscribes this actor to the sessions topic on its behalf.
        Receive<Akka.Cluster.Tools.PublishSubscribe.SubscribeAck>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef stats, IAdminPush push, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new AdminLiveActor(stats, push, interval));

    /// <summary>Everything the panel shows except the moment it was taken: equal fingerprints mean nothing to push.</summary>
    public static string Fingerprint(StatsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report with { At = default });
    }

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed record Answered(StatsReport Report) : INoSerializationVerificationNeeded;

    private sealed record AskFailed(Exception Cause) : INoSerializationVerificationNeeded;

    private sealed class Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }
}
