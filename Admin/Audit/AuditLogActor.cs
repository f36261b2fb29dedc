using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorMessenger.Actors.Protocol.AdminEvents;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Admin.Audit;

/// <summary>
/// Who did what in the admin API, and when (a persistent cluster singleton, <c>admin-audit</c>).
/// Keeps the newest <c>kept</c> entries; a snapshot every <see cref="SnapshotEvery"/> entries lets
/// the journal events it covers go, so the log never grows without bound.
/// </summary>
public sealed class AuditLogActor : ReceivePersistentActor
{
    public const int SnapshotEvery = 100;

    private readonly LinkedList<AuditEntry> _entries = new();
    private readonly int _kept;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JournalDeletions _deletions = new();
    private long _nextId = 1;
    private int _sinceSnapshot;

    public AuditLogActor(int kept)
    {
        _kept = Math.Max(1, kept);
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is AuditSnapshot snapshot)
            {
                _entries.Clear();
                foreach (var entry in snapshot.Entries)
                {
                    _entries.AddLast(entry);
                }

                _nextId = snapshot.NextId;
            }
        });
        Recover<ActionAudited>(Apply);
        Command<RecordAction>(record =>
        {
            var replyTo = Sender;
            var entry = new AuditEntry(_nextId, record.At, record.AdminId, record.AdminName, record.Action, record.Target, record.Details);
            Persist(new ActionAudited(entry), e =>
            {
                Apply(e);
                replyTo.Tell(e.Entry);
                if (++_sinceSnapshot >= SnapshotEvery)
                {
                    _sinceSnapshot = 0;
                    SaveSnapshot(new AuditSnapshot([.. _entries], _nextId));
                }
            });
        });
        Command<GetAudit>(get =>
        {
            var older = _entries.Where(e => get.BeforeId is not { } before || e.Id < before).ToList();
            var limit = Math.Clamp(get.Limit, 1, 500);
            Sender.Tell(new AuditPage([.. older.Take(limit)], older.Count > limit));
        });
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteJournalTo(_deletions.Ask(s.Metadata.SequenceNr));
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Audit log snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => DeleteJournalTo(_deletions.Done()));
        Command<DeleteMessagesFailure>(f =>
        {
            _log.Warning(f.Cause, "Audit log events not deleted");
            DeleteJournalTo(_deletions.Done());
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "admin-audit";

    public static Props Props(int kept) => Akka.Actor.Props.Create(() => new AuditLogActor(kept));

    private void DeleteJournalTo(long? sequenceNr)
    {
        if (sequenceNr is { } to)
        {
            DeleteMessages(to);
        }
    }

    /// <summary>Newest first.</summary>
    private void Apply(ActionAudited audited)
    {
        _entries.AddFirst(audited.Entry);
        _nextId = Math.Max(_nextId, audited.Entry.Id + 1);
        while (_entries.Count > _kept)
        {
            _entries.RemoveLast();
        }
    }
}
