namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The snapshot table exactly as Akka.Persistence.Sql (table mapping <c>sqlite</c>) made it, so
/// snapshots written by it and by <see cref="SqliteSnapshotStore"/> are one format: either reads the
/// other's rows, and the backup and redaction code read both alike. <c>created_at</c> holds UTC ticks.
/// </summary>
internal static class SqliteSnapshotSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS [snapshot]
        (
        	[persistence_id] NVarChar(255) NOT NULL,
        	[sequence_nr]    INTEGER       NOT NULL,
        	[created_at]     INTEGER       NOT NULL,
        	[payload]        VarBinary         NULL,
        	[manifest]       NVarChar(500)     NULL,
        	[serializer_id]  INTEGER           NULL,

        	CONSTRAINT [PK_snapshot] PRIMARY KEY ([persistence_id], [sequence_nr])
        );
        CREATE INDEX IF NOT EXISTS snapshot_sequence_nr_idx ON snapshot (sequence_nr);
        CREATE INDEX IF NOT EXISTS snapshot_created_at_idx ON snapshot (created_at);
        """;
}
