using ActorMessenger.Persistence.Sqlite;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Xunit;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Tests.Persistence;

/// <summary>
/// Our SQLite snapshot store (<see cref="SqliteSnapshotStore"/>) against the rows Akka.Persistence.Sql's
/// store writes: each reads the other's snapshots, and selection, replacement and deletion behave as
/// the snapshot protocol says.
/// </summary>
public sealed class SqliteSnapshotStoreSpecs : IDisposable
{
    private readonly SqliteSpecStore _db = new();

    public void Dispose() => _db.Dispose();

    private static PinChanged Snapshot(long seq) => new(seq, true, 1, DateTimeOffset.UnixEpoch.AddMinutes(seq));

    [Fact]
    public void Snapshots_written_by_Akka_Persistence_Sql_load_on_our_store_and_ours_load_on_it()
    {
        using (var before = Kit("before", useAkkaPersistenceSql: true))
        {
            Save(before, "p-1", 2);
            Save(before, "p-1", 4);
        }

        Assert.Equal(2, _db.SnapshotRows("p-1"));
        using (var ours = Kit("ours", useAkkaPersistenceSql: false))
        {
            var loaded = Load(ours, "p-1", SnapshotSelectionCriteria.Latest);
            Assert.Equal(4, loaded?.Metadata.SequenceNr);
            Assert.Equal(Snapshot(4), loaded?.Snapshot);
            Save(ours, "p-1", 6);
        }

        using var again = Kit("again", useAkkaPersistenceSql: true);
        var back = Load(again, "p-1", SnapshotSelectionCriteria.Latest);
        Assert.Equal(6, back?.Metadata.SequenceNr);
        Assert.Equal(Snapshot(6), back?.Snapshot);
    }

    [Fact]
    public void Loads_select_the_newest_within_the_criteria_saves_replace_and_deletions_remove_only_what_they_name()
    {
        using var kit = Kit("store", useAkkaPersistenceSql: false);
        foreach (var seq in new long[] { 3, 5, 8 })
        {
            Save(kit, "p-2", seq);
        }

        Save(kit, "p-other", 9);
        Assert.Equal(8, Load(kit, "p-2", SnapshotSelectionCriteria.Latest)?.Metadata.SequenceNr);
        Assert.Equal(5, Load(kit, "p-2", new SnapshotSelectionCriteria(7))?.Metadata.SequenceNr);
        Assert.Equal(5, Load(kit, "p-2", SnapshotSelectionCriteria.Latest, toSequenceNr: 6)?.Metadata.SequenceNr);
        Assert.Null(Load(kit, "p-2", new SnapshotSelectionCriteria(2)));
        Assert.Null(Load(kit, "p-none", SnapshotSelectionCriteria.Latest));

        // The same number saved again replaces the row.
        var store = Store(kit);
        store.Tell(new SaveSnapshot(new SnapshotMetadata("p-2", 8, DateTime.UtcNow), new PinChanged(8, false, 2, DateTimeOffset.UnixEpoch)), kit.TestActor);
        kit.ExpectMsg<SaveSnapshotSuccess>();
        Assert.Equal(new PinChanged(8, false, 2, DateTimeOffset.UnixEpoch), Load(kit, "p-2", SnapshotSelectionCriteria.Latest)?.Snapshot);
        Assert.Equal(3, _db.SnapshotRows("p-2"));

        store.Tell(new DeleteSnapshots("p-2", new SnapshotSelectionCriteria(5)), kit.TestActor);
        kit.ExpectMsg<DeleteSnapshotsSuccess>();
        Assert.Equal(1, _db.SnapshotRows("p-2"));
        store.Tell(new DeleteSnapshot(new SnapshotMetadata("p-2", 8, DateTime.MinValue)), kit.TestActor);
        kit.ExpectMsg<DeleteSnapshotSuccess>();
        Assert.Equal(0, _db.SnapshotRows("p-2"));
        Assert.Equal(1, _db.SnapshotRows("p-other"));
    }

    private TestKit Kit(string name, bool useAkkaPersistenceSql)
    {
        var bootstrap = _db.Setup.Get<BootstrapSetup>().Value;
        var config = useAkkaPersistenceSql
            ? ConfigurationFactory.ParseString("akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.sql\"").WithFallback(bootstrap.Config.Value)
            : bootstrap.Config.Value;
        var kit = new TestKit(_db.Setup.And(bootstrap.WithConfig(config)), name);
        Assert.Equal(useAkkaPersistenceSql ? "akka.persistence.snapshot-store.sql" : SqliteSnapshotStore.PluginId, kit.Sys.Settings.Config.GetString("akka.persistence.snapshot-store.plugin"));
        return kit;
    }

    private static IActorRef Store(TestKit kit) => Akka.Persistence.Persistence.Instance.Apply(kit.Sys).SnapshotStoreFor(null);

    private static void Save(TestKit kit, string persistenceId, long seq)
    {
        Store(kit).Tell(new SaveSnapshot(new SnapshotMetadata(persistenceId, seq, DateTime.UtcNow), Snapshot(seq)), kit.TestActor);
        kit.ExpectMsg<SaveSnapshotSuccess>();
    }

    private static SelectedSnapshot? Load(TestKit kit, string persistenceId, SnapshotSelectionCriteria criteria, long toSequenceNr = long.MaxValue)
    {
        Store(kit).Tell(new LoadSnapshot(persistenceId, criteria, toSequenceNr), kit.TestActor);
        return kit.ExpectMsg<LoadSnapshotResult>().Snapshot;
    }
}
