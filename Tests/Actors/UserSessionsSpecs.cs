using ActorMessenger.Actors;
using ActorMessenger.Actors.Mailboxes;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.User;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.SessionProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Tests.Actors;

/// <summary>A user entity's sign-in sessions: start, check, end (one, the others, all), the cap, and a journal that stays short.</summary>
public class UserSessionsSpecs : StoreSpec
{
    private const int UserId = 11;
    private readonly TestProbe _publisher;

    public UserSessionsSpecs(ITestOutputHelper output)
        : this(output, null)
    {
    }

    protected UserSessionsSpecs(ITestOutputHelper output, SpecStore? store)
        : base("user-sessions-specs", output, store) => _publisher = CreateTestProbe("publisher");

    private IActorRef StartUser(MessengerSettings? settings = null) =>
        Sys.ActorOf(UserSessionActor.Props(UserId, settings ?? MessengerSettings.Default, CreateTestProbe().Ref, CreateTestProbe().Ref, CreateTestProbe().Ref, _publisher.Ref)
            .WithMailbox(CompactDequeMailbox.Id));

    private SessionView Start(IActorRef user, string userAgent = "test")
    {
        user.Tell(new StartSession(UserId, userAgent, "10.0.0.7", DateTimeOffset.UtcNow.AddDays(1)));
        return ExpectMsg<SessionStarted>().Session;
    }

    private bool IsActive(IActorRef user, string sessionId)
    {
        user.Tell(new CheckSession(UserId, sessionId, null, null));
        return ExpectMsg<SessionChecked>().Active;
    }

    private void Stop(IActorRef user)
    {
        Watch(user);
        user.Tell(PoisonPill.Instance);
        ExpectTerminated(user);
    }

    [Fact]
    public void A_session_is_active_until_ended_and_every_node_hears_of_its_end()
    {
        var user = StartUser();
        var session = Start(user, "Firefox");
        Assert.Equal("Firefox", session.UserAgent);
        Assert.Equal("10.0.0.7", session.Address);
        Assert.True(IsActive(user, session.Id));
        Assert.False(IsActive(user, "guessed"));

        user.Tell(new EndSession(UserId, session.Id, SessionEndReasons.LoggedOut));
        Assert.Equal([session.Id], ExpectMsg<SessionsEnded>().SessionIds);
        var revoked = _publisher.ExpectMsg<SessionsRevoked>();
        Assert.Equal(UserId, revoked.UserId);
        Assert.Equal([session.Id], revoked.SessionIds);
        Assert.Equal(SessionEndReasons.LoggedOut, revoked.Reason);
        Assert.Equal(session.ExpiresAt, revoked.ExpiresBy);
        Assert.False(IsActive(user, session.Id));

        // Ending it again changes nothing and tells nobody.
        user.Tell(new EndSession(UserId, session.Id, SessionEndReasons.LoggedOut));
        Assert.Empty(ExpectMsg<SessionsEnded>().SessionIds);
        _publisher.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Sessions_and_their_ends_survive_a_restart()
    {
        var user = StartUser();
        var kept = Start(user);
        var ended = Start(user);
        user.Tell(new EndSession(UserId, ended.Id, SessionEndReasons.LoggedOut));
        ExpectMsg<SessionsEnded>();
        Stop(user);

        var revived = StartUser();
        Assert.True(IsActive(revived, kept.Id));
        Assert.False(IsActive(revived, ended.Id));
    }

    [Fact]
    public void Ending_the_other_sessions_keeps_the_current_one_and_ending_all_keeps_none()
    {
        var user = StartUser();
        var current = Start(user);
        var others = new[] { Start(user), Start(user) };

        user.Tell(new EndOtherSessions(UserId, current.Id, SessionEndReasons.PasswordChanged));
        Assert.Equal(others.Select(s => s.Id).Order(), ExpectMsg<SessionsEnded>().SessionIds.Order());
        Assert.Equal(SessionEndReasons.PasswordChanged, _publisher.ExpectMsg<SessionsRevoked>().Reason);
        Assert.True(IsActive(user, current.Id));

        // What an admin's block or delete does: every session at once, one notice for every node.
        var another = Start(user);
        user.Tell(new EndAllSessions(UserId, SessionEndReasons.EndedByAdmin));
        Assert.Equal(new[] { current.Id, another.Id }.Order(), ExpectMsg<SessionsEnded>().SessionIds.Order());
        var revoked = _publisher.ExpectMsg<SessionsRevoked>();
        Assert.Equal(SessionEndReasons.EndedByAdmin, revoked.Reason);
        Assert.Equal(2, revoked.SessionIds.Count);
        user.Tell(new ListSessions(UserId));
        Assert.Empty(ExpectMsg<SessionList>().Sessions);
    }

    [Fact]
    public void A_login_beyond_the_cap_ends_the_oldest_session()
    {
        var user = StartUser(MessengerSettings.Default with { MaxSessionsPerUser = 2 });
        var first = Start(user);
        var second = Start(user);

        user.Tell(new StartSession(UserId, "third", null, DateTimeOffset.UtcNow.AddDays(1)));
        var third = ExpectMsg<SessionStarted>();
        Assert.Equal([first.Id], third.Ended);
        var revoked = _publisher.ExpectMsg<SessionsRevoked>();
        Assert.Equal([first.Id], revoked.SessionIds);
        Assert.Equal(SessionEndReasons.SessionLimit, revoked.Reason);

        user.Tell(new ListSessions(UserId));
        Assert.Equal(new[] { second.Id, third.Session.Id }, ExpectMsg<SessionList>().Sessions.Select(s => s.Id));
        Assert.False(IsActive(user, first.Id));
    }

    [Fact]
    public void An_expired_session_is_not_active_and_leaves_the_list()
    {
        var user = StartUser();
        user.Tell(new StartSession(UserId, "short", null, DateTimeOffset.UtcNow.AddMilliseconds(300)));
        var session = ExpectMsg<SessionStarted>().Session;
        AwaitAssert(() => Assert.False(IsActive(user, session.Id)), TimeSpan.FromSeconds(5));
        user.Tell(new ListSessions(UserId));
        Assert.Empty(ExpectMsg<SessionList>().Sessions);
    }

    [Fact]
    public void Last_seen_of_a_session_is_kept_in_memory_and_saved_when_the_user_passivates()
    {
        var settings = MessengerSettings.Default with { UserIdleTimeout = TimeSpan.FromMilliseconds(200) };
        var region = CreateTestProbe();
        var user = region.ChildActorOf(UserSessionActor.Props(UserId, settings, CreateTestProbe().Ref, CreateTestProbe().Ref, CreateTestProbe().Ref, _publisher.Ref)
            .WithMailbox(CompactDequeMailbox.Id));
        var session = Start(user);
        // After the session's start and not ahead of the entity's clock when the check arrives: a time ahead
        // of it is taken as now (CreatedAt plus a millisecond was, when the check came within that millisecond).
        var seen = DateTimeOffset.UtcNow;
        SpinWait.SpinUntil(() => (seen = DateTimeOffset.UtcNow) > session.CreatedAt);
        user.Tell(new CheckSession(UserId, session.Id, seen, "10.0.0.8"));
        Assert.True(ExpectMsg<SessionChecked>().Active);
        var journalRows = Db.JournalRows($"user-{UserId}");

        // No event for a check: last seen goes into the snapshot taken before passivating.
        region.ExpectMsg<Akka.Cluster.Sharding.Passivate>();
        AwaitAssert(() => Assert.Equal(1, Db.SnapshotRows($"user-{UserId}")));
        Assert.True(Db.JournalRows($"user-{UserId}") <= journalRows);
        Stop(user);

        var revived = StartUser();
        revived.Tell(new ListSessions(UserId));
        var listed = Assert.Single(ExpectMsg<SessionList>().Sessions);
        Assert.Equal(seen, listed.LastSeenAt);
        Assert.Equal("10.0.0.8", listed.Address);
    }

    [Fact]
    public void The_journal_stays_short_however_many_logins_and_disconnects()
    {
        const int snapshotEvery = 5;
        var settings = MessengerSettings.Default with { UserSnapshotEvery = snapshotEvery, MaxSessionsPerUser = 3 };
        var user = StartUser(settings);
        for (var i = 0; i < 30; i++)
        {
            Start(user);
            user.Tell(new Connect(UserId, $"c{i}", TestActor));
            ExpectMsg<Connected>();
            user.Tell(new Disconnect(UserId, $"c{i}"));
        }

        // Logins (and the sessions they push out) and disconnects wrote about a hundred events; the
        // journal keeps those since the snapshot before the latest (and the newest deleted row's number).
        AwaitAssert(
            () => Assert.InRange(Db.JournalRows($"user-{UserId}"), 1, (2 * snapshotEvery) + 1),
            TimeSpan.FromSeconds(30));
        Stop(user);

        var revived = StartUser(settings);
        revived.Tell(new ListSessions(UserId));
        Assert.Equal(3, ExpectMsg<SessionList>().Sessions.Count);
        revived.Tell(new GetPresence(UserId));
        Assert.NotNull(ExpectMsg<Presence>().LastSeen);
    }
}
