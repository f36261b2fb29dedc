using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Live;
using Akka.Actor;
using Akka.TestKit;
using Xunit;
using static ActorMessenger.Admin.Live.AdminLiveProtocol;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Tests.Admin;

/// <summary>The admin panel's push: asks the statistics only while admins are connected, pushes only changes, closes ended sessions.</summary>
public sealed class AdminLiveActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    public AdminLiveActorSpecs()
        : base(ActorMessenger.Tests.Support.WireSpecHocon.Config)
    {
    }

    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void While_an_admin_is_connected_only_changed_figures_are_pushed_and_asks_never_overlap()
    {
        var (stats, pushes, live) = Start();
        live.Tell(new AdminConnected("c1", 1, "s1", () => { }));

        stats.ExpectMsg<GetStats>();
        stats.Reply(Report(messages: 1, at: At));
        Assert.Equal(1, MessagesIn(pushes.ExpectMsg<Pushed>()));

        // The next ask only after the answer, however many ticks passed.
        stats.ExpectMsg<GetStats>();
        var asker = stats.Sender;
        stats.ExpectNoMsg(Interval * 4);
        asker.Tell(Report(messages: 1, at: At.AddSeconds(1)));

        stats.ExpectMsg<GetStats>();
        stats.Reply(Report(messages: 2, at: At.AddSeconds(2)));

        // Had the unchanged figures been pushed, they would come first.
        Assert.Equal(2, MessagesIn(pushes.ExpectMsg<Pushed>()));
    }

    [Fact]
    public void A_newcomer_gets_the_figures_even_when_nothing_changed_and_the_last_to_leave_stops_the_asking()
    {
        var (stats, pushes, live) = Start();
        live.Tell(new AdminConnected("c1", 1, "s1", () => { }));
        stats.ExpectMsg<GetStats>();
        stats.Reply(Report(messages: 5, at: At));
        Assert.Equal(5, MessagesIn(pushes.ExpectMsg<Pushed>()));

        live.Tell(new AdminConnected("c2", 2, "s2", () => { }));
        stats.FishForMessage<GetStats>(_ => true);
        stats.Reply(Report(messages: 5, at: At.AddSeconds(1)));
        Assert.Equal(5, MessagesIn(pushes.ExpectMsg<Pushed>()));

        stats.ExpectMsg<GetStats>();
        var asker = stats.Sender;
        live.Tell(new AdminDisconnected("c1"));
        live.Tell(new AdminDisconnected("c2"));
        live.Tell(new GetAdminConnections());
        Assert.Equal(0, ExpectMsg<int>());

        // An answer that arrives after everyone left is not pushed, and nothing is asked any more.
        asker.Tell(Report(messages: 6, at: At.AddSeconds(2)));
        live.Tell(new GetAdminConnections());
        ExpectMsg<int>();
        stats.ExpectNoMsg(Interval * 4);
        pushes.ExpectNoMsg(Interval * 4);
    }

    [Fact]
    public void An_admin_whose_session_ended_is_told_why_and_closed_and_the_others_stay()
    {
        var (_, pushes, live) = Start();
        live.Tell(new AdminConnected("c1", 1, "s1", () => pushes.Ref.Tell("c1 closed")));
        live.Tell(new AdminConnected("c2", 1, "s2", () => pushes.Ref.Tell("c2 closed")));
        live.Tell(new AdminConnected("c3", 2, "s1", () => pushes.Ref.Tell("c3 closed")));

        live.Tell(new SessionsRevoked(1, ["s1"], SessionEndReasons.EndedByAdmin, At));

        var ended = pushes.FishForMessage<Ended>(_ => true);
        Assert.Equal(("c1", SessionEndReasons.EndedByAdmin), (ended.ConnectionId, ended.Reason));
        pushes.ExpectMsg("c1 closed");
        live.Tell(new GetAdminConnections());
        Assert.Equal(2, ExpectMsg<int>());
    }

    private (TestProbe Stats, TestProbe Pushes, IActorRef Live) Start()
    {
        var stats = CreateTestProbe();
        var pushes = CreateTestProbe();
        var live = Sys.ActorOf(AdminLiveActor.Props(stats.Ref, new ProbePush(pushes.Ref), Interval));
        return (stats, pushes, live);
    }

    private static long MessagesIn(Pushed pushed) =>
        JsonSerializer.SerializeToElement(pushed.Snapshot).GetProperty("stats").GetProperty("messages").GetInt64();

    private static StatsReport Report(long messages, DateTimeOffset at) =>
        new(at, 3, messages, 1, 0, 0, 0, 0, 1, 1, [], TimeRingStart, [messages], [1], [], [], [], 1);

    private static long TimeRingStart => At.ToUnixTimeSeconds() / 60;

    // The probes stand in for the hub on this node: what they are told never leaves it.
    private sealed record Pushed(object Snapshot) : INoSerializationVerificationNeeded;

    private sealed record Ended(string ConnectionId, string Reason) : INoSerializationVerificationNeeded;

    private sealed class ProbePush(IActorRef probe) : IAdminPush
    {
        public Task Snapshot(object snapshot)
        {
            probe.Tell(new Pushed(snapshot));
            return Task.CompletedTask;
        }

        public Task SessionEnded(string connectionId, string reason)
        {
            probe.Tell(new Ended(connectionId, reason));
            return Task.CompletedTask;
        }
    }
}
