using ActorMessenger.Actors.User;
using Akka.Actor;
using Xunit;
using static ActorMessenger.Actors.Protocol.OutboxWatcherProtocol;

namespace ActorMessenger.Tests.Actors;

public sealed class OutboxWatcherActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    public OutboxWatcherActorSpecs()
        : base(ActorMessenger.Tests.Support.WireSpecHocon.Config)
    {
    }

    [Fact]
    public void Every_user_following_an_outbox_that_dies_hears_it_once_and_the_others_do_not()
    {
        var watcher = Sys.ActorOf(OutboxWatcherActor.Props());
        var doomed = CreateTestProbe();
        var survivor = CreateTestProbe();
        var (ann, bob, eve) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());

        watcher.Tell(new WatchOutbox(doomed.Ref, ann.Ref));
        watcher.Tell(new WatchOutbox(doomed.Ref, bob.Ref));
        watcher.Tell(new WatchOutbox(doomed.Ref, bob.Ref));
        watcher.Tell(new WatchOutbox(survivor.Ref, eve.Ref));
        Sys.Stop(doomed.Ref);

        Assert.Equal(doomed.Ref, ann.ExpectMsg<OutboxLost>().Outbox);
        Assert.Equal(doomed.Ref, bob.ExpectMsg<OutboxLost>().Outbox);
        bob.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        ann.ExpectNoMsg(TimeSpan.Zero);
        eve.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_user_that_let_go_of_an_outbox_is_not_told_of_its_loss()
    {
        var watcher = Sys.ActorOf(OutboxWatcherActor.Props());
        var outbox = CreateTestProbe();
        var (stays, left) = (CreateTestProbe(), CreateTestProbe());

        watcher.Tell(new WatchOutbox(outbox.Ref, stays.Ref));
        watcher.Tell(new WatchOutbox(outbox.Ref, left.Ref));
        watcher.Tell(new UnwatchOutbox(outbox.Ref, left.Ref));
        Sys.Stop(outbox.Ref);

        stays.ExpectMsg<OutboxLost>();
        left.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_outbox_followed_again_after_everyone_let_go_is_still_reported()
    {
        var watcher = Sys.ActorOf(OutboxWatcherActor.Props());
        var outbox = CreateTestProbe();
        var user = CreateTestProbe();

        watcher.Tell(new WatchOutbox(outbox.Ref, user.Ref));
        watcher.Tell(new UnwatchOutbox(outbox.Ref, user.Ref));
        watcher.Tell(new WatchOutbox(outbox.Ref, user.Ref));
        Sys.Stop(outbox.Ref);

        user.ExpectMsg<OutboxLost>();
        user.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Following_an_outbox_that_is_already_gone_reports_the_loss_at_once()
    {
        var watcher = Sys.ActorOf(OutboxWatcherActor.Props());
        var outbox = CreateTestProbe();
        Watch(outbox.Ref);
        Sys.Stop(outbox.Ref);
        ExpectTerminated(outbox.Ref);

        var user = CreateTestProbe();
        watcher.Tell(new WatchOutbox(outbox.Ref, user.Ref));

        Assert.Equal(outbox.Ref, user.ExpectMsg<OutboxLost>().Outbox);
    }
}
