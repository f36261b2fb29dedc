using ActorMessenger.Actors;
using ActorMessenger.Actors.Mailboxes;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.User;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.OutboxWatcherProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Tests.Actors;

public sealed class UserSessionActorSpecs : StoreSpec
{
    private const int UserId = 7;
    private readonly TestProbe _users;
    private readonly TestProbe _directory;
    private readonly TestProbe _publisher;
    private readonly IActorRef _outboxWatcher;

    public UserSessionActorSpecs(ITestOutputHelper output)
        : base("user-specs", output)
    {
        _users = CreateTestProbe("users");
        _directory = CreateTestProbe("directory");
        _publisher = CreateTestProbe("publisher");
        _outboxWatcher = Sys.ActorOf(OutboxWatcherActor.Props(), "outbox-watcher");
    }

    /// <summary>With the server's mailbox for user entities and a real outbox watcher, so these scenarios cover both.</summary>
    private IActorRef StartUser(IActorRef? outboxWatcher = null) =>
        Sys.ActorOf(UserSessionActor.Props(UserId, MessengerSettings.Default, _users.Ref, _directory.Ref, outboxWatcher ?? _outboxWatcher, _publisher.Ref).WithMailbox(CompactDequeMailbox.Id));

    [Fact]
    public void The_directory_hears_a_user_came_online_before_the_connection_is_acknowledged()
    {
        // On the calling thread, each tell runs its receiver at once: the stand-in hub asks the
        // directory for the online users the moment the user's answer reaches it, as the real hub
        // does, and the directory's mailbox shows which came first.
        var hub = Sys.ActorOf(Props.Create(() => new HubStandIn(_directory.Ref)).WithDispatcher(CallingThreadDispatcher.Id));
        var user = Sys.ActorOf(UserSessionActor.Props(UserId, MessengerSettings.Default, _users.Ref, _directory.Ref, _outboxWatcher, _publisher.Ref).WithDispatcher(CallingThreadDispatcher.Id));

        user.Tell(new Connect(UserId, "phone", CreateTestProbe().Ref), hub);

        // The user entity recovers from the journal first: on a busy machine that alone can take seconds.
        Assert.True(_directory.ExpectMsg<PresenceChanged>(TimeSpan.FromSeconds(30)).Online);
        _directory.ExpectMsg<GetOnlineUsers>();
    }

    [Fact]
    public void A_connect_that_wants_the_online_users_is_passed_on_to_the_directory_after_the_presence_with_the_asker_as_sender()
    {
        var user = StartUser();
        var hub = CreateTestProbe();

        user.Tell(new Connect(UserId, "phone", CreateTestProbe().Ref, WithOnlineUsers: true), hub.Ref);
        Assert.True(_directory.ExpectMsg<PresenceChanged>(TimeSpan.FromSeconds(30)).Online);
        var first = _directory.ExpectMsg<ListOnlineFor>();
        Assert.Equal(hub.Ref, _directory.LastSender);
        Assert.Equal(("phone", 1, true), (first.Connected.ConnectionId, first.Connected.ConnectionCount, first.Connected.CameOnline));

        // A second device: already online, so no presence change, but its list is passed on all the same.
        user.Tell(new Connect(UserId, "laptop", CreateTestProbe().Ref, WithOnlineUsers: true), hub.Ref);
        var second = _directory.ExpectMsg<ListOnlineFor>();
        Assert.Equal(hub.Ref, _directory.LastSender);
        Assert.Equal(("laptop", 2, false), (second.Connected.ConnectionId, second.Connected.ConnectionCount, second.Connected.CameOnline));
    }

    /// <summary>Asks the directory for the online users as soon as a connection is acknowledged.</summary>
    private sealed class HubStandIn : ReceiveActor
    {
        public HubStandIn(IActorRef directory) => Receive<Connected>(_ => directory.Tell(new GetOnlineUsers()));
    }

    [Fact]
    public void Presence_stays_online_until_the_last_of_two_connections_closes()
    {
        var user = StartUser();
        var outbox = CreateTestProbe();

        user.Tell(new Connect(UserId, "phone", outbox.Ref));
        Assert.True(ExpectMsg<Connected>().CameOnline);
        var online = _directory.ExpectMsg<PresenceChanged>();
        Assert.True(online.Online);

        user.Tell(new Connect(UserId, "laptop", outbox.Ref));
        var second = ExpectMsg<Connected>();
        Assert.False(second.CameOnline);
        Assert.Equal(2, second.ConnectionCount);

        user.Tell(new Disconnect(UserId, "phone"));
        user.Tell(new GetPresence(UserId));
        var stillOnline = ExpectMsg<Presence>();
        Assert.True(stillOnline.Online);
        Assert.Equal(1, stillOnline.ConnectionCount);
        _directory.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var before = DateTimeOffset.UtcNow;
        user.Tell(new Disconnect(UserId, "laptop"));
        var offline = _directory.ExpectMsg<PresenceChanged>();
        Assert.False(offline.Online);
        Assert.InRange(offline.At, before, DateTimeOffset.UtcNow);

        user.Tell(new GetPresence(UserId));
        var gone = ExpectMsg<Presence>();
        Assert.False(gone.Online);
        Assert.Equal(offline.At, gone.LastSeen);
    }

    [Fact]
    public void Last_seen_and_chats_survive_a_restart()
    {
        var user = StartUser();
        user.Tell(new MembershipNotice(UserId, "dm-3-7", true, [3]));
        Assert.Equal("dm-3-7", ExpectMsg<MembershipRecorded>().ChatId);
        user.Tell(new MembershipNotice(UserId, "dm-3-7", true, [3]));
        ExpectMsg<MembershipRecorded>();
        user.Tell(new MembershipNotice(UserId, "g-gone", true, [3, 4]));
        ExpectMsg<MembershipRecorded>();
        user.Tell(new MembershipNotice(UserId, "g-gone", false, []));
        Assert.False(ExpectMsg<MembershipRecorded>().IsMember);
        user.Tell(new Connect(UserId, "c1", TestActor));
        ExpectMsg<Connected>();
        user.Tell(new Disconnect(UserId, "c1"));
        var offline = _directory.FishForMessage<PresenceChanged>(p => !p.Online);
        Assert.Equal([3], offline.Contacts);

        Watch(user);
        user.Tell(PoisonPill.Instance);
        ExpectTerminated(user);

        var revived = StartUser();
        revived.Tell(new GetPresence(UserId));
        Assert.Equal(offline.At, ExpectMsg<Presence>().LastSeen);
        revived.Tell(new GetChats(UserId));
        Assert.Equal(["dm-3-7"], ExpectMsg<UserChats>().ChatIds);
    }

    [Fact]
    public void A_contacts_status_reaches_every_connection_with_one_push_per_gateway_node()
    {
        var user = StartUser();
        var nodeA = CreateTestProbe();
        var nodeB = CreateTestProbe();
        foreach (var (conn, node) in new[] { ("a1", nodeA), ("a2", nodeA), ("b1", nodeB) })
        {
            user.Tell(new Connect(UserId, conn, node.Ref));
            ExpectMsg<Connected>();
        }

        var status = new UserStatus(3, true, null);
        user.Tell(new PeerPresenceChanged(UserId, status));
        Assert.Equal(["a1", "a2"], nodeA.ExpectMsg<PushToConnections>().ConnectionIds.Order());
        var toB = nodeB.ExpectMsg<PushToConnections>();
        Assert.Equal(["b1"], toB.ConnectionIds);
        Assert.Equal(status, toB.Event.Payload);
        nodeA.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Connections_of_a_gateway_node_that_dies_are_dropped_and_presence_goes_offline()
    {
        var user = StartUser();
        var doomed = CreateTestProbe();
        user.Tell(new Connect(UserId, "x1", doomed.Ref));
        ExpectMsg<Connected>();
        _directory.ExpectMsg<PresenceChanged>(p => p.Online);

        Sys.Stop(doomed.Ref);
        _directory.ExpectMsg<PresenceChanged>(p => !p.Online);
        user.Tell(new GetPresence(UserId));
        Assert.Equal(0, ExpectMsg<Presence>().ConnectionCount);
    }

    [Fact]
    public void Each_gateway_outbox_is_followed_once_and_let_go_after_its_last_connection_closes()
    {
        var watcher = CreateTestProbe();
        var user = StartUser(watcher.Ref);
        var nodeA = CreateTestProbe();
        var nodeB = CreateTestProbe();

        user.Tell(new Connect(UserId, "a1", nodeA.Ref));
        ExpectMsg<Connected>();
        Assert.Equal(new WatchOutbox(nodeA.Ref, user), watcher.ExpectMsg<WatchOutbox>());
        user.Tell(new Connect(UserId, "a2", nodeA.Ref));
        user.Tell(new Connect(UserId, "b1", nodeB.Ref));
        ExpectMsg<Connected>();
        ExpectMsg<Connected>();
        Assert.Equal(new WatchOutbox(nodeB.Ref, user), watcher.ExpectMsg<WatchOutbox>());

        user.Tell(new Disconnect(UserId, "a1"));
        user.Tell(new Disconnect(UserId, "a2"));
        Assert.Equal(new UnwatchOutbox(nodeA.Ref, user), watcher.ExpectMsg<UnwatchOutbox>());

        // Stopped while still connected through node B (a rebalance, say): the watcher forgets it.
        Sys.Stop(user);
        Assert.Equal(new UnwatchOutbox(nodeB.Ref, user), watcher.ExpectMsg<UnwatchOutbox>());
        watcher.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Online_contacts_named_by_the_directory_hear_about_presence()
    {
        var user = StartUser();
        var status = new UserStatus(UserId, true, null);
        user.Tell(new OnlineContacts(UserId, status, [3, 4]));
        var told = _users.ReceiveN(2).Cast<PeerPresenceChanged>().ToList();
        Assert.Equal([3, 4], told.Select(t => t.UserId).Order());
        Assert.All(told, t => Assert.Equal(status, t.Status));
    }

    [Fact]
    public void A_contacts_status_change_is_pushed_as_user_status()
    {
        var user = StartUser();
        var outbox = CreateTestProbe();
        user.Tell(new Connect(UserId, "c", outbox.Ref));
        ExpectMsg<Connected>();
        var status = new UserStatus(3, false, DateTimeOffset.UtcNow);
        user.Tell(new PeerPresenceChanged(UserId, status));
        var push = outbox.ExpectMsg<PushToConnections>();
        Assert.Equal(ClientEventNames.UserStatus, push.Event.Name);
        Assert.Equal(status, push.Event.Payload);
    }
}
