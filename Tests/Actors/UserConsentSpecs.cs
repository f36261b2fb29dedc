using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.User;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.UserProtocol;
using static ActorMessenger.Actors.User.ConsentRules;

namespace ActorMessenger.Tests.Actors;

/// <summary>A user entity's privacy setting and block list: what it answers, and what it keeps.</summary>
public sealed class UserConsentSpecs(ITestOutputHelper output) : StoreSpec("consent-specs", output)
{
    private const int Me = 7;
    private const int Friend = 3;
    private const int Stranger = 9;

    private IActorRef StartUser(MessengerSettings? settings = null, IActorRef? directory = null, IActorRef? users = null)
    {
        var probe = CreateTestProbe();
        return Sys.ActorOf(UserSessionActor.Props(Me, settings ?? MessengerSettings.Default, users ?? probe.Ref, directory ?? probe.Ref, probe.Ref, probe.Ref));
    }

    /// <summary>A user with one connection, through a probe standing in for its node's outbox.</summary>
    private (IActorRef User, Akka.TestKit.TestProbe Outbox) StartConnected(string connectionId, IActorRef? users = null)
    {
        var user = StartUser(users: users);
        var outbox = CreateTestProbe();
        user.Tell(new Connect(Me, connectionId, outbox.Ref), TestActor);

        // The first command waits for the entity's recovery from SQLite, slow on a loaded machine.
        ExpectMsg<Connected>(TimeSpan.FromSeconds(30));
        return (user, outbox);
    }

    private T Ask<T>(IActorRef actor, object message)
    {
        actor.Tell(message, TestActor);
        return ExpectMsg<T>();
    }

    private string? AddRefusal(IActorRef user, int adder)
    {
        user.Tell(new CheckAddConsent(Me, adder), TestActor);
        return ExpectMsg<object>() switch
        {
            AddAllowed allowed when allowed.AdderId == adder => null,
            Rejected rejected => rejected.Code,
            var other => throw new InvalidOperationException($"Unexpected {other}"),
        };
    }

    /// <summary>The user and <see cref="Friend"/> share a direct chat, as its chat tells the user.</summary>
    private void ShareDirectChatWithFriend(IActorRef user) =>
        Ask<MembershipRecorded>(user, new MembershipNotice(Me, ChatIds.Direct(Me, Friend), true, [Friend]));

    [Fact]
    public void Everyone_may_add_a_user_who_changed_nothing()
    {
        var user = StartUser();
        var settings = Ask<PrivacySettings>(user, new GetPrivacy(Me));
        Assert.Equal(WhoCanAddMe.Everyone, settings.WhoCanAddMe);
        Assert.Empty(settings.Blocked);
        Assert.Null(AddRefusal(user, Stranger));
    }

    [Fact]
    public void With_nobody_no_one_may_add_the_user_not_even_a_contact()
    {
        var user = StartUser();
        ShareDirectChatWithFriend(user);
        Assert.Equal(WhoCanAddMe.Nobody, Ask<PrivacySettings>(user, new SetPrivacy(Me, WhoCanAddMe.Nobody)).WhoCanAddMe);
        Assert.Equal(ErrorCodes.PrivacyRestricted, AddRefusal(user, Stranger));
        Assert.Equal(ErrorCodes.PrivacyRestricted, AddRefusal(user, Friend));
        Assert.Null(AddRefusal(user, Me));
    }

    [Fact]
    public void With_contacts_only_people_with_a_direct_chat_may_add_the_user()
    {
        var user = StartUser();
        Ask<PrivacySettings>(user, new SetPrivacy(Me, WhoCanAddMe.Contacts));
        Assert.Equal(ErrorCodes.PrivacyRestricted, AddRefusal(user, Friend));

        ShareDirectChatWithFriend(user);
        Assert.Null(AddRefusal(user, Friend));
        Assert.Equal(ErrorCodes.PrivacyRestricted, AddRefusal(user, Stranger));

        // Sharing a group is not a contact in this sense.
        Ask<MembershipRecorded>(user, new MembershipNotice(Me, "g-club", true, [Stranger]));
        Assert.Equal(ErrorCodes.PrivacyRestricted, AddRefusal(user, Stranger));
    }

    [Fact]
    public void A_blocked_user_may_not_add_the_user_whatever_the_setting_until_unblocked()
    {
        var user = StartUser();
        ShareDirectChatWithFriend(user);
        Assert.Equal([Friend], Ask<PrivacySettings>(user, new SetUserBlock(Me, Friend, true)).Blocked);
        Assert.Equal(ErrorCodes.PrivacyRestricted, AddRefusal(user, Friend));
        Assert.Null(AddRefusal(user, Stranger));

        Assert.Empty(Ask<PrivacySettings>(user, new SetUserBlock(Me, Friend, false)).Blocked);
        Assert.Null(AddRefusal(user, Friend));
    }

    [Fact]
    public void Blocking_twice_keeps_one_entry_in_the_order_blocked()
    {
        var user = StartUser();
        Ask<PrivacySettings>(user, new SetUserBlock(Me, Stranger, true));
        Ask<PrivacySettings>(user, new SetUserBlock(Me, Friend, true));
        Assert.Equal([Stranger, Friend], Ask<PrivacySettings>(user, new SetUserBlock(Me, Stranger, true)).Blocked);
        Assert.Equal([Stranger, Friend], Ask<PrivacySettings>(user, new SetUserBlock(Me, 42, false)).Blocked);
    }

    [Fact]
    public void Bad_settings_and_blocking_oneself_are_refused_and_change_nothing()
    {
        var user = StartUser();
        Ask<PrivacySettings>(user, new SetPrivacy(Me, WhoCanAddMe.Contacts));
        Assert.Equal(ErrorCodes.InvalidRequest, Ask<Rejected>(user, new SetPrivacy(Me, "friends")).Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Ask<Rejected>(user, new SetUserBlock(Me, Me, true)).Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Ask<Rejected>(user, new SetUserBlock(Me, -1, true)).Code);

        var settings = Ask<PrivacySettings>(user, new GetPrivacy(Me));
        Assert.Equal(WhoCanAddMe.Contacts, settings.WhoCanAddMe);
        Assert.Empty(settings.Blocked);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2)]
    public void The_setting_and_the_block_list_survive_a_restart(int snapshotEvery)
    {
        var settings = MessengerSettings.Default with { UserSnapshotEvery = snapshotEvery };
        var user = StartUser(settings);
        ShareDirectChatWithFriend(user);
        Ask<PrivacySettings>(user, new SetPrivacy(Me, WhoCanAddMe.Contacts));
        Ask<PrivacySettings>(user, new SetUserBlock(Me, Stranger, true));
        Ask<PrivacySettings>(user, new SetUserBlock(Me, 11, true));
        Ask<PrivacySettings>(user, new SetUserBlock(Me, 11, false));
        Ask<PrivacySettings>(user, new SetUserBlock(Me, 12, true));

        Watch(user);
        user.Tell(PoisonPill.Instance);
        ExpectTerminated(user);

        var revived = StartUser(settings);
        var kept = Ask<PrivacySettings>(revived, new GetPrivacy(Me));
        Assert.Equal(WhoCanAddMe.Contacts, kept.WhoCanAddMe);
        Assert.Equal([Stranger, 12], kept.Blocked);
        Assert.Null(AddRefusal(revived, Friend));
        Assert.Equal(ErrorCodes.PrivacyRestricted, AddRefusal(revived, Stranger));
    }

    [Fact]
    public void A_user_blocked_by_someone_hears_it_on_connecting_and_keeps_it_across_a_restart()
    {
        var user = StartUser();
        Assert.Equal(new BlockedBySet(Me, 5, true), Ask<BlockedBySet>(user, new SetBlockedBy(Me, 5, true)));
        Ask<BlockedBySet>(user, new SetBlockedBy(Me, 6, true));
        Ask<BlockedBySet>(user, new SetBlockedBy(Me, 6, false));
        user.Tell(new Connect(Me, "phone", CreateTestProbe().Ref), TestActor);
        Assert.Equal([5], ExpectMsg<Connected>().BlockedBy);

        Watch(user);
        user.Tell(PoisonPill.Instance);
        ExpectTerminated(user);
        var revived = StartUser();
        var kept = Ask<PrivacySettings>(revived, new GetPrivacy(Me));
        Assert.Equal([5], kept.BlockedBy);
        Assert.Empty(kept.Blocked);
    }

    [Fact]
    public void The_connections_of_a_user_just_blocked_stop_showing_the_blockers_presence()
    {
        var (user, outbox) = StartConnected("phone");

        Ask<BlockedBySet>(user, new SetBlockedBy(Me, 5, true));
        var push = outbox.FishForMessage<PushToConnections>(p => p.Event.Name == ClientEventNames.UserStatus);
        Assert.Equal(["phone"], push.ConnectionIds);
        Assert.Equal(new UserStatus(5, false, null), push.Event.Payload);
    }

    [Fact]
    public void Once_unblocked_the_connections_show_the_blockers_presence_again_as_the_blocker_has_it()
    {
        var users = CreateTestProbe();
        var (user, outbox) = StartConnected("phone", users.Ref);
        Ask<BlockedBySet>(user, new SetBlockedBy(Me, 5, true));
        outbox.FishForMessage<PushToConnections>(p => p.Event.Name == ClientEventNames.UserStatus);

        // Unblocked: the user asks the blocker where they are, and shows that.
        Ask<BlockedBySet>(user, new SetBlockedBy(Me, 5, false));
        Assert.Equal(5, users.ExpectMsg<GetPresence>().UserId);
        var lastSeen = DateTimeOffset.UtcNow.AddMinutes(-3);
        users.Reply(new Presence(5, false, 0, lastSeen));
        var push = outbox.FishForMessage<PushToConnections>(p => p.Event.Name == ClientEventNames.UserStatus);
        Assert.Equal(["phone"], push.ConnectionIds);
        Assert.Equal(new UserStatus(5, false, lastSeen), push.Event.Payload);

        // An answer that comes after a new block shows nothing.
        Ask<BlockedBySet>(user, new SetBlockedBy(Me, 5, true));
        Assert.Equal(new UserStatus(5, false, null), outbox.FishForMessage<PushToConnections>(p => p.Event.Name == ClientEventNames.UserStatus).Event.Payload);
        user.Tell(new Presence(5, true, 1, null), users.Ref);
        outbox.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void The_users_own_connections_hear_of_each_change_to_their_setting_or_block_list()
    {
        var (user, outbox) = StartConnected("laptop");

        Ask<PrivacySettings>(user, new SetUserBlock(Me, Stranger, true));
        var push = outbox.FishForMessage<PushToConnections>(p => p.Event.Name == ClientEventNames.PrivacyChanged);
        Assert.Equal(["laptop"], push.ConnectionIds);
        var payload = Assert.IsType<PrivacyChangedEvent>(push.Event.Payload);
        Assert.Equal(WhoCanAddMe.Everyone, payload.WhoCanAddMe);
        Assert.Equal([Stranger], payload.Blocked);

        Ask<PrivacySettings>(user, new SetPrivacy(Me, WhoCanAddMe.Nobody));
        payload = Assert.IsType<PrivacyChangedEvent>(outbox.FishForMessage<PushToConnections>(p => p.Event.Name == ClientEventNames.PrivacyChanged).Event.Payload);
        Assert.Equal(WhoCanAddMe.Nobody, payload.WhoCanAddMe);

        // Nothing changed, nothing pushed.
        Ask<PrivacySettings>(user, new SetPrivacy(Me, WhoCanAddMe.Nobody));
        outbox.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Contacts_the_user_blocks_do_not_hear_of_the_users_presence()
    {
        var directory = CreateTestProbe();
        var user = StartUser(directory: directory.Ref);
        ShareDirectChatWithFriend(user);
        Ask<MembershipRecorded>(user, new MembershipNotice(Me, "g-club", true, [Friend, Stranger]));
        Ask<PrivacySettings>(user, new SetUserBlock(Me, Friend, true));

        user.Tell(new Connect(Me, "phone", CreateTestProbe().Ref), TestActor);
        ExpectMsg<Connected>();
        Assert.Equal([Stranger], directory.ExpectMsg<DirectoryProtocol.PresenceChanged>().Contacts);
        user.Tell(new Disconnect(Me, "phone"));
        Assert.Equal([Stranger], directory.ExpectMsg<DirectoryProtocol.PresenceChanged>().Contacts);
    }

    [Fact]
    public void A_snapshot_written_before_privacy_existed_reads_as_everyone_and_nobody_blocked()
    {
        var state = new UserState();
        state.Apply(new UserEvents.UserSnapshotV2([new UserEvents.ChatJoined("dm-3-7", [3])], null, []));
        Assert.Equal(WhoCanAddMe.Everyone, state.WhoCanAddMe);
        Assert.Empty(state.Blocked);
        Assert.True(state.SharesDirectChat(Me, Friend));
    }
}
