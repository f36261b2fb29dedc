using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The snapshot store on SQLite: Akka.Persistence.Sql's table, read and written with plain prepared
/// statements. Akka.Persistence.Sql went through linq2db, whose query building was a quarter of the
/// methods compiled at every start and ran again for each snapshot an entity loads on waking (every
/// user of a reconnect storm). Rows are Akka.Persistence.Sql's, so a store either wrote is read by the
/// other (<c>akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"</c> switches
/// back). Settings: <c>connection-string</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor: its read connections are closed in PostStop.")]
public sealed class SqliteSnapshotStore : SnapshotStore
{
    /// <summary>The plugin's configuration path.</summary>
    public const string PluginId = "akka.persistence.snapshot-store.messenger-sqlite";

    private readonly string _connectionString;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly SqliteReadConnections _readers;

    public SqliteSnapshotStore(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _connectionString = config.GetString("connection-string");
        _serialization = Context.System.Serialization;
        using var connection = Open();
        using var create = connection.CreateCommand();
        create.CommandText = SqliteSnapshotSchema.Create;
        create.ExecuteNonQuery();
        _readers = new SqliteReadConnections(_connectionString, c => SqliteJournalConnections.Configure(c));
    }

    protected override void PostStop()
    {
        _readers.Dispose();
        base.PostStop();
    }

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default) =>
        Task.Run(() => Load(persistenceId, criteria), cancellationToken);

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        // Serialized here, on the store's own thread (as Akka serializes a snapshot it saves); written beside it.
        var serializer = _serialization.FindSerializerFor(snapshot);
        var payload = serializer.ToBinary(snapshot);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, snapshot);
        var createdAt = metadata.Timestamp == DateTime.MinValue ? DateTime.UtcNow : metadata.Timestamp;
        return Task.Run(() => Run(
            """
            INSERT INTO snapshot (persistence_id, sequence_nr, created_at, payload, manifest, serializer_id)
            VALUES ($p, $seq, $at, $payload, $manifest, $serializer)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET
              created_at = excluded.created_at, payload = excluded.payload, manifest = excluded.manifest, serializer_id = excluded.serializer_id;
            """,
            ("$p", metadata.PersistenceId),
            ("$seq", metadata.SequenceNr),
            ("$at", createdAt.Ticks),
            ("$payload", payload),
            ("$manifest", manifest),
            ("$serializer", serializer.Identifier)), cancellationToken);
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(
            "DELETE FROM snapshot WHERE persistence_id = $p AND sequence_nr = $seq;",
            ("$p", metadata.PersistenceId),
            ("$seq", metadata.SequenceNr)), cancellationToken);

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(
            $"DELETE FROM snapshot WHERE persistence_id = $p AND {Matching};",
            [("$p", persistenceId), .. Bounds(criteria)]), cancellationToken);

    private const string Matching = "sequence_nr <= $maxSeq AND sequence_nr >= $minSeq AND created_at <= $maxAt AND created_at >= $minAt";

    private static (string, object)[] Bounds(SnapshotSelectionCriteria criteria) =>
    [
        ("$maxSeq", criteria.MaxSequenceNr),
        ("$minSeq", criteria.MinSequenceNr),
        ("$maxAt", criteria.MaxTimeStamp.Ticks),
        ("$minAt", criteria.MinTimestamp?.Ticks ?? 0L),
    ];

    private SelectedSnapshot? Load(string persistenceId, SnapshotSelectionCriteria criteria) =>
        _readers.Read(connection =>
        {
            var command = connection.Command($"""
                SELECT sequence_nr, created_at, payload, manifest, serializer_id FROM snapshot
                WHERE persistence_id = $p AND {Matching}
                ORDER BY sequence_nr DESC LIMIT 1;
                """)
                .Set("$p", persistenceId)
                .Set("$maxSeq", criteria.MaxSequenceNr)
                .Set("$minSeq", criteria.MinSequenceNr)
                .Set("$maxAt", criteria.MaxTimeStamp.Ticks)
                .Set("$minAt", criteria.MinTimestamp?.Ticks ?? 0L);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var manifest = reader.IsDBNull(3) ? string.Empty : reader.GetString(3);
            var bytes = (byte[])reader.GetValue(2);
            var snapshot = StoredPayload.Read(_serialization, bytes, reader.IsDBNull(4) ? null : reader.GetInt32(4), manifest);
            var metadata = new SnapshotMetadata(persistenceId, reader.GetInt64(0), new DateTime(reader.GetInt64(1), DateTimeKind.Utc));
            return new SelectedSnapshot(metadata, snapshot);
        });

    private void Run(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        SqliteJournalConnections.Configure(connection);
        return connection;
    }
}
