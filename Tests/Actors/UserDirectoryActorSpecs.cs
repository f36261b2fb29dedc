using ActorMessenger.Actors;
using ActorMessenger.Actors.Directory;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Tests.Actors;

public sealed class UserDirectoryActorSpecs : StoreSpec
{

    public UserDirectoryActorSpecs(ITestOutputHelper output)
        : base("directory-specs", output)
    {
    }

    private IActorRef StartDirectory(int snapshotEvery = 500) =>
        Sys.ActorOf(UserDirectoryActor.Props(MessengerSettings.Default with { SnapshotEvery = snapshotEvery }));

    [Fact]
    public void Ids_are_consecutive_integers_and_usernames_are_unique_ignoring_case()
    {
        var directory = StartDirectory();
        directory.Tell(new Register("alice", "hash-a", "Alice", Roles.User));
        Assert.Equal(1, ExpectMsg<Registered>().Account.Id);
        directory.Tell(new Register("bob", "hash-b", "", Roles.User));
        var bob = ExpectMsg<Registered>().Account;
        Assert.Equal(2, bob.Id);
        Assert.Equal("bob", bob.FullName);

        directory.Tell(new Register("ALICE", "x", "Imposter", Roles.User));
        Assert.Equal(ErrorCodes.UsernameTaken, ExpectMsg<Rejected>().Code);
        directory.Tell(new Register("no spaces", "x", "", Roles.User));
        Assert.Equal(ErrorCodes.InvalidUsername, ExpectMsg<Rejected>().Code);

        directory.Tell(new FindByUsername("Alice"));
        Assert.Equal("hash-a", ExpectMsg<Found>().Account!.PasswordHash);
        directory.Tell(new FindById(99));
        Assert.Null(ExpectMsg<Found>().Account);
    }

    [Fact]
    public void Accounts_and_the_next_id_survive_a_restart_through_snapshots()
    {
        var directory = StartDirectory(snapshotEvery: 3);
        for (var i = 1; i <= 7; i++)
        {
            directory.Tell(new Register($"user{i}", $"h{i}", "", Roles.User));
            ExpectMsg<Registered>();
        }

        AwaitAssert(() => Assert.True(Db.SnapshotRows("user-directory") >= 1));
        Watch(directory);
        directory.Tell(PoisonPill.Instance);
        ExpectTerminated(directory);

        var revived = StartDirectory(snapshotEvery: 3);
        revived.Tell(new Register("user8", "h8", "", Roles.User));
        Assert.Equal(8, ExpectMsg<Registered>().Account.Id);
        revived.Tell(new ListUsers());
        Assert.Equal(8, ExpectMsg<UserList>().Users.Count);
    }

    [Fact]
    public void Presence_changes_answer_with_online_contacts_and_record_last_seen()
    {
        var directory = StartDirectory();
        foreach (var name in new[] { "ann", "ben", "cat" })
        {
            directory.Tell(new Register(name, "h", "", Roles.User));
            ExpectMsg<Registered>();
        }

        directory.Tell(new PresenceChanged(2, true, DateTimeOffset.UtcNow, []));
        ExpectMsg<OnlineContacts>();
        directory.Tell(new PresenceChanged(1, true, DateTimeOffset.UtcNow, [2, 3]));
        var reply = ExpectMsg<OnlineContacts>();
        Assert.Equal([2], reply.Online);
        Assert.True(reply.Status.Online);

        directory.Tell(new GetOnlineUsers());
        Assert.Equal([1, 2], ExpectMsg<OnlineUsers>().Users);

        var at = DateTimeOffset.UtcNow;
        directory.Tell(new PresenceChanged(1, false, at, [2, 3]));
        var offline = ExpectMsg<OnlineContacts>();
        Assert.Equal(at, offline.Status.LastSeen);
        directory.Tell(new FindById(1));
        Assert.Equal(at, ExpectMsg<Found>().Account!.LastSeen);
    }

    [Fact]
    public void A_connect_passed_on_is_answered_with_the_online_users_in_order_as_they_change()
    {
        var directory = StartDirectory();
        foreach (var id in new[] { 9, 3, 5 })
        {
            directory.Tell(new PresenceChanged(id, true, DateTimeOffset.UtcNow, []));
            ExpectMsg<OnlineContacts>();
        }

        var connected = new Connected(3, "phone", 1, true, [9]);
        directory.Tell(new ListOnlineFor(connected));
        var answer = ExpectMsg<ConnectedOnline>();
        // By content: with serialize-messages on, the answer carries a copy (its list another instance).
        Assert.Equal(connected with { BlockedBy = null }, answer.Connected with { BlockedBy = null });
        Assert.Equal([9], answer.Connected.BlockedBy);
        Assert.Equal([3, 5, 9], answer.Online);

        directory.Tell(new PresenceChanged(5, false, DateTimeOffset.UtcNow, []));
        ExpectMsg<OnlineContacts>();
        directory.Tell(new PresenceChanged(3, true, DateTimeOffset.UtcNow, []));
        ExpectMsg<OnlineContacts>();
        directory.Tell(new PresenceChanged(1, true, DateTimeOffset.UtcNow, []));
        ExpectMsg<OnlineContacts>();
        directory.Tell(new GetOnlineUsers());
        Assert.Equal([1, 3, 9], ExpectMsg<OnlineUsers>().Users);
        directory.Tell(new ListOnlineFor(connected));
        Assert.Equal([1, 3, 9], ExpectMsg<ConnectedOnline>().Online);
        Assert.Equal([3, 5, 9], answer.Online);
    }

    [Fact]
    public void Profiles_change_field_by_field_and_users_are_found_by_name()
    {
        var directory = StartDirectory();
        directory.Tell(new Register("ivan", "h", "Иван Петров", Roles.User));
        ExpectMsg<Registered>();
        directory.Tell(new Register("maria", "h", "Мария", Roles.User));
        ExpectMsg<Registered>();

        directory.Tell(new UpdateProfile(1, null, "🐻", "Люблю мёд"));
        var updated = ExpectMsg<ProfileUpdated>().Account;
        Assert.Equal(("Иван Петров", "🐻", "Люблю мёд"), (updated.FullName, updated.Avatar, updated.Bio));
        directory.Tell(new UpdateProfile(1, "Иван", null, ""));
        updated = ExpectMsg<ProfileUpdated>().Account;
        Assert.Equal(("Иван", "🐻", (string?)null), (updated.FullName, updated.Avatar, updated.Bio));
        directory.Tell(new UpdateProfile(1, null, null, new string('x', AccountRules.MaxBio + 1)));
        Assert.Equal(ErrorCodes.InvalidRequest, ExpectMsg<Rejected>().Code);

        directory.Tell(new SearchUsers("ИВА", 10));
        Assert.Equal(["ivan"], ExpectMsg<UserList>().Users.Select(u => u.Username));
        directory.Tell(new SearchUsers("ma", 10));
        Assert.Equal(["maria"], ExpectMsg<UserList>().Users.Select(u => u.Username));
    }

    [Fact]
    public void Logins_and_disconnects_add_no_journal_rows_and_last_seen_is_saved_with_a_snapshot()
    {
        var settings = MessengerSettings.Default with { DirectorySnapshotInterval = TimeSpan.FromMilliseconds(200) };
        var directory = Sys.ActorOf(UserDirectoryActor.Props(settings));
        directory.Tell(new Register("nina", "hash-n", "Nina", Roles.User));
        var nina = ExpectMsg<Registered>().Account;
        var rows = Db.JournalRows("user-directory");

        var last = DateTimeOffset.UtcNow;
        for (var i = 0; i < 50; i++)
        {
            last = DateTimeOffset.UtcNow.AddSeconds(i);
            if (i % 2 == 0)
            {
                directory.Tell(new RecordLogin(nina.Id, last));
            }
            else
            {
                directory.Tell(new PresenceChanged(nina.Id, false, last, []));
                ExpectMsg<OnlineContacts>();
            }
        }

        directory.Tell(new FindById(nina.Id));
        Assert.Equal(last, ExpectMsg<Found>().Account!.LastSeen);
        AwaitAssert(() => Assert.Equal(1, Db.SnapshotRows("user-directory")));
        Assert.Equal(rows, Db.JournalRows("user-directory"));

        // The snapshot may still be on its way when asked for: wait until a fresh directory recovers it.
        Watch(directory);
        directory.Tell(PoisonPill.Instance);
        ExpectTerminated(directory);
        AwaitAssert(() =>
        {
            var revived = Sys.ActorOf(UserDirectoryActor.Props(settings));
            revived.Tell(new FindById(nina.Id));
            Assert.Equal(last, ExpectMsg<Found>().Account!.LastSeen);
            Sys.Stop(revived);
        });
    }
}
