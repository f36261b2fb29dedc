namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The journal's tables exactly as Akka.Persistence.Sql (table mapping <c>sqlite</c>) made them, so
/// journals written by it and by <see cref="SqliteJournal"/> are one format: either reads the other's
/// rows, and the backup, redaction and migration code read both alike.
/// </summary>
internal static class SqliteJournalSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS [event_journal]
        (
        	[ordering]       INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
        	[timestamp]      INTEGER        NOT NULL,
        	[is_deleted]     Bit            NOT NULL,
        	[persistence_id] NVarChar(255)  NOT NULL,
        	[sequence_nr]    INTEGER        NOT NULL,
        	[payload]        VarBinary      NOT NULL,
        	[manifest]       NVarChar(500)      NULL,
        	[serializer_id]  INTEGER            NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS event_journal_uq ON event_journal (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS event_journal_timestamp_idx ON event_journal (timestamp);
        CREATE INDEX IF NOT EXISTS event_journal_sequence_nr_idx ON event_journal (sequence_nr);
        CREATE TABLE IF NOT EXISTS [tags]
        (
        	[ordering_id]    INTEGER       NOT NULL,
        	[tag]            NVarChar(64)  NOT NULL,
        	[sequence_nr]    INTEGER       NOT NULL,
        	[persistence_id] NVarChar(255) NOT NULL,

        	CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag])
        );
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);
        """;
}
