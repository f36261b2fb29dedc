using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Audit;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Tests.Admin;

/// <summary>The audit log singleton on a real SQLite journal.</summary>
public sealed class AuditLogActorSpecs(ITestOutputHelper output) : StoreSpec("audit-specs", output)
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Entries_come_back_newest_first_in_pages_and_survive_a_restart()
    {
        var log = Sys.ActorOf(AuditLogActor.Props(kept: 1000));
        for (var i = 1; i <= 5; i++)
        {
            log.Tell(new RecordAction(At.AddMinutes(i), 1, "admin", "user_blocked", $"user{i}", null));
            Assert.Equal(i, ExpectMsg<AuditEntry>().Id);
        }

        log.Tell(new GetAudit(null, 2));
        var first = ExpectMsg<AuditPage>();
        Assert.Equal([5L, 4L], first.Entries.Select(e => e.Id));
        Assert.True(first.HasMore);
        log.Tell(new GetAudit(4, 10));
        Assert.Equal([3L, 2L, 1L], ExpectMsg<AuditPage>().Entries.Select(e => e.Id));

        Watch(log);
        log.Tell(PoisonPill.Instance);
        ExpectTerminated(log);
        var again = Sys.ActorOf(AuditLogActor.Props(kept: 1000));
        again.Tell(new GetAudit(null, 10));
        Assert.Equal(["user5", "user4", "user3", "user2", "user1"], ExpectMsg<AuditPage>().Entries.Select(e => e.Target));
    }

    [Fact]
    public void The_log_keeps_the_newest_entries_and_its_journal_stays_bounded()
    {
        var log = Sys.ActorOf(AuditLogActor.Props(kept: 50));
        var count = (AuditLogActor.SnapshotEvery * 2) + 10;
        for (var i = 1; i <= count; i++)
        {
            log.Tell(new RecordAction(At, 1, "admin", "user_deleted", $"user{i}", null));
        }

        ReceiveN(count);
        AwaitAssert(() => Assert.True(Db.JournalRows("admin-audit") <= AuditLogActor.SnapshotEvery));

        Watch(log);
        log.Tell(PoisonPill.Instance);
        ExpectTerminated(log);
        var again = Sys.ActorOf(AuditLogActor.Props(kept: 50));
        again.Tell(new GetAudit(null, 500));
        var entries = ExpectMsg<AuditPage>().Entries;
        Assert.Equal(50, entries.Count);
        Assert.Equal($"user{count}", entries[0].Target);
        again.Tell(new RecordAction(At, 1, "admin", "user_deleted", "next", null));
        Assert.Equal(count + 1, ExpectMsg<AuditEntry>().Id);
    }
}
