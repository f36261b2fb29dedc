using ActorMessenger.Actors;
using ActorMessenger.Actors.Chat;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Sqlite;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Xunit;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Persistence;

/// <summary>
/// Our SQLite journal (<see cref="SqliteJournal"/>) against the rows Akka.Persistence.Sql's journal
/// writes: a data directory from before goes on where it stopped, and the journal protocol's deletion
/// and rejection behave as Akka.Persistence.Sql's did.
/// </summary>
public sealed class SqliteJournalSpecs : IDisposable
{
    private readonly SqliteSpecStore _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_chat_journaled_by_Akka_Persistence_Sql_recovers_on_our_journal_and_goes_on_without_a_gap()
    {
        var bootstrap = _db.Setup.Get<BootstrapSetup>().Value;
        var old = ConfigurationFactory.ParseString("akka.persistence.journal.plugin = \"akka.persistence.journal.sql\"").WithFallback(bootstrap.Config.Value);
        using (var earlier = ActorSystem.Create("before", _db.Setup.And(bootstrap.WithConfig(old))))
        {
            var (chat, _) = StartChat(earlier);
            for (var i = 1; i <= 3; i++)
            {
                var accepted = await chat.Ask<MessageAccepted>(Post($"old {i}", $"c{i}"), TimeSpan.FromSeconds(20));
                Assert.Equal(i, accepted.Message.Seq);
            }

            await earlier.Terminate();
        }

        var before = _db.JournalRows("chat-dm-1-2");
        Assert.True(before >= 4, $"{before} rows");
        using var after = ActorSystem.Create("after", _db.Setup);
        var (again, _) = StartChat(after);
        var retried = await again.Ask<MessageAccepted>(Post("old 2", "c2"), TimeSpan.FromSeconds(20));
        Assert.True(retried.Duplicate);
        Assert.Equal(2, retried.Message.Seq);
        for (var i = 4; i <= 5; i++)
        {
            var accepted = await again.Ask<MessageAccepted>(Post($"new {i}", $"c{i}"), TimeSpan.FromSeconds(20));
            Assert.Equal(i, accepted.Message.Seq);
        }

        var page = await again.Ask<HistoryPage>(new GetHistory(Chat, 1, null, 50), TimeSpan.FromSeconds(20));
        Assert.Equal([1L, 2, 3, 4, 5], page.Messages.Select(m => m.Seq).Order());
        Assert.Equal(["old 1", "old 2", "old 3", "new 4", "new 5"], page.Messages.OrderBy(m => m.Seq).Select(m => m.Text));
        Assert.Equal(before + 2, _db.Count("SELECT count(*) FROM journal.event_journal WHERE persistence_id = 'chat-dm-1-2' AND serializer_id IS NOT NULL AND manifest <> '';"));
    }

    [Fact]
    public void A_deletion_keeps_the_highest_sequence_number_and_replays_only_what_is_left()
    {
        using var kit = new TestKit(_db.Setup, "journal");
        var journal = Akka.Persistence.Persistence.Instance.Apply(kit.Sys).JournalFor(null);
        var writes = Enumerable.Range(1, 4)
            .Select(i => (IPersistentEnvelope)new AtomicWrite(new Persistent(new PinChanged(i, true, 1, DateTimeOffset.UnixEpoch), i, "p-1", sender: kit.TestActor, writerGuid: "w")))
            .ToList();
        journal.Tell(new WriteMessages(writes, kit.TestActor, 1));
        kit.ExpectMsg<WriteMessagesSuccessful>();
        for (var i = 0; i < 4; i++)
        {
            kit.ExpectMsg<WriteMessageSuccess>();
        }

        journal.Tell(new DeleteMessagesTo("p-1", 4, kit.TestActor));
        kit.ExpectMsg<DeleteMessagesSuccess>();

        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "p-1", kit.TestActor));
        Assert.Equal(4, kit.ExpectMsg<RecoverySuccess>().HighestSequenceNr);

        // Stored after the deletion, the next number follows the deleted ones and is replayed alone.
        journal.Tell(new WriteMessages([new AtomicWrite(new Persistent(new PinChanged(5, false, 1, DateTimeOffset.UnixEpoch), 5, "p-1", sender: kit.TestActor, writerGuid: "w"))], kit.TestActor, 1));
        kit.ExpectMsg<WriteMessagesSuccessful>();
        kit.ExpectMsg<WriteMessageSuccess>();
        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "p-1", kit.TestActor));
        var replayed = kit.ExpectMsg<ReplayedMessage>();
        Assert.Equal(5, replayed.Persistent.SequenceNr);
        Assert.Equal(new PinChanged(5, false, 1, DateTimeOffset.UnixEpoch), replayed.Persistent.Payload);
        Assert.Equal(5, kit.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
    }

    [Fact]
    public void Reads_on_the_kept_connections_see_later_writes_and_a_stopped_system_leaves_no_connection_open()
    {
        var kit = new TestKit(_db.Setup, "readers");
        var persistence = Akka.Persistence.Persistence.Instance.Apply(kit.Sys);
        var journal = persistence.JournalFor(null);
        var snapshots = persistence.SnapshotStoreFor(null);
        void Write(long seq)
        {
            journal.Tell(new WriteMessages([new AtomicWrite(new Persistent(new PinChanged(seq, true, 1, DateTimeOffset.UnixEpoch), seq, "p-4", sender: kit.TestActor, writerGuid: "w"))], kit.TestActor, 1));
            kit.ExpectMsg<WriteMessagesSuccessful>();
            kit.ExpectMsg<WriteMessageSuccess>();
        }

        long[] Replay()
        {
            journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "p-4", kit.TestActor));
            var seqs = new List<long>();
            while (kit.ExpectMsg<object>() is ReplayedMessage replayed)
            {
                seqs.Add(replayed.Persistent.SequenceNr);
            }

            return [.. seqs];
        }

        long? Newest()
        {
            snapshots.Tell(new LoadSnapshot("p-4", SnapshotSelectionCriteria.Latest, long.MaxValue), kit.TestActor);
            return kit.ExpectMsg<LoadSnapshotResult>().Snapshot?.Metadata.SequenceNr;
        }

        void SaveSnapshot(long seq)
        {
            snapshots.Tell(new SaveSnapshot(new SnapshotMetadata("p-4", seq, DateTime.UtcNow), new PinChanged(seq, true, 1, DateTimeOffset.UnixEpoch)), kit.TestActor);
            kit.ExpectMsg<SaveSnapshotSuccess>();
        }

        Write(1);
        Assert.Equal([1L], Replay());
        Assert.Null(Newest());
        Write(2);
        SaveSnapshot(2);
        Assert.Equal([1L, 2L], Replay());
        Assert.Equal(2, Newest());
        Write(3);
        SaveSnapshot(3);
        Assert.Equal([1L, 2L, 3L], Replay());
        Assert.Equal(3, Newest());

        // The last connection to close folds the write-ahead log into the file and removes it, as a stopping server does.
        kit.Shutdown(verifySystemShutdown: true);
        _db.Database.ClosePools();
        Assert.False(File.Exists(_db.Database.JournalFile + "-wal"), "a journal connection was left open");
        Assert.False(File.Exists(_db.Database.SnapshotFile + "-wal"), "a snapshot store connection was left open");
    }

    [Fact]
    public void A_payload_without_a_serializer_is_rejected_alone_and_a_number_stored_twice_fails_alone()
    {
        using var kit = new TestKit(_db.Setup, "journal");
        var journal = Akka.Persistence.Persistence.Instance.Apply(kit.Sys).JournalFor(null);
        journal.Tell(new WriteMessages(
            [
                new AtomicWrite(new Persistent(new PinChanged(1, true, 1, DateTimeOffset.UnixEpoch), 1, "p-2", sender: kit.TestActor)),
                new AtomicWrite(new Persistent(new NotSerializable(), 2, "p-2", sender: kit.TestActor)),
            ],
            kit.TestActor,
            1));
        kit.ExpectMsg<WriteMessagesSuccessful>();
        kit.ExpectMsg<WriteMessageSuccess>();
        kit.ExpectMsg<WriteMessageRejected>();

        // Sequence number 1 again, beside another stream's good write in the same moment.
        journal.Tell(new WriteMessages([new AtomicWrite(new Persistent(new PinChanged(1, false, 1, DateTimeOffset.UnixEpoch), 1, "p-2", sender: kit.TestActor))], kit.TestActor, 1));
        journal.Tell(new WriteMessages([new AtomicWrite(new Persistent(new PinChanged(1, false, 1, DateTimeOffset.UnixEpoch), 1, "p-3", sender: kit.TestActor))], kit.TestActor, 2));
        var answers = new List<object>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(kit.ExpectMsg<object>());
        }

        Assert.Contains(answers, a => a is WriteMessagesFailed);
        Assert.Contains(answers, a => a is WriteMessageFailure { ActorInstanceId: 1 });
        Assert.Contains(answers, a => a is WriteMessageSuccess { ActorInstanceId: 2 });
        Assert.Equal(1, _db.JournalRows("p-2"));
        Assert.Equal(1, _db.JournalRows("p-3"));
    }

    private const string Chat = "dm-1-2";

    private static PostMessage Post(string text, string clientId) =>
        new(Chat, 1, text, MessageTypes.Text, clientId, OriginConnectionId: null, CreateDirect: true);

    private (IActorRef Chat, IActorRef Users) StartChat(ActorSystem system)
    {
        var users = system.ActorOf(Props.Create(() => new UsersStandIn()));
        var writer = system.ActorOf(HistoryWriterActor.Props(_db.History, 100, MessengerSettings.Default.HistoryFlushInterval));
        return (system.ActorOf(ChatActor.Props(Chat, MessengerSettings.Default, users, users, writer, _db.History)), users);
    }

    /// <summary>Confirms membership notices as the user entities would; drops deliveries.</summary>
    private sealed class UsersStandIn : ReceiveActor
    {
        public UsersStandIn()
        {
            Receive<UserProtocol.MembershipNotice>(n => Sender.Tell(new UserProtocol.MembershipRecorded(n.UserId, n.ChatId, n.IsMember)));
            ReceiveAny(_ => { });
        }
    }

    /// <summary>Whatever serializer it finds fails on it.</summary>
    private sealed class NotSerializable
    {
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A serializer reads instance properties only.")]
        public int Value => throw new InvalidOperationException("not serializable");
    }
}
