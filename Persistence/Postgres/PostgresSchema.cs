namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// Everything the server keeps in PostgreSQL, created by <see cref="PostgresDatabase.Initialize"/>
/// under an advisory lock (nodes starting at once would race each other's <c>CREATE</c>s, as
/// Akka.Persistence.Sql's own auto-initialize does): Akka's journal, tags and snapshot tables exactly
/// as that initializer makes them for <c>table-mapping = default</c>, and the read model.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Arbitrary, fixed: every node takes the same lock.</summary>
    public const long LockKey = 0x4D5347_52_5343;

    public const string Akka = """
        CREATE TABLE IF NOT EXISTS journal (
            ordering bigint GENERATED ALWAYS AS IDENTITY,
            created bigint NOT NULL,
            deleted boolean NOT NULL,
            persistence_id text NOT NULL,
            sequence_number bigint NOT NULL,
            message bytea NOT NULL,
            manifest text,
            identifier integer,
            writer_uuid text,
            CONSTRAINT "PK_journal" PRIMARY KEY (ordering),
            CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number)
        );
        CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
        CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
        CREATE TABLE IF NOT EXISTS tags (
            ordering_id bigint NOT NULL,
            tag text NOT NULL,
            sequence_nr bigint NOT NULL,
            persistence_id text NOT NULL,
            CONSTRAINT "PK_tags" PRIMARY KEY (ordering_id, tag)
        );
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);
        CREATE TABLE IF NOT EXISTS snapshot (
            persistence_id text NOT NULL,
            sequence_number bigint NOT NULL,
            created bigint NOT NULL,
            snapshot bytea,
            manifest text,
            serializer_id integer,
            CONSTRAINT "PK_snapshot" PRIMARY KEY (persistence_id, sequence_number)
        );
        CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
        CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);
        """;

    /// <summary>
    /// The read model. <c>version</c> is the chat's update number of the change a row shows: a write
    /// carrying an older one (a node that just lost the chat, a retried batch) never undoes a newer edit.
    /// A write with no update number (0: a batch without updates, which chats do not send for
    /// changes) is not ordered and always applies.
    /// <c>search</c> holds <see cref="SearchText.Words"/> as a tsvector ('simple': no stemming, so
    /// Russian and English alike), <c>search_text</c> a channel's folded title and description for
    /// trigram matching.
    /// </summary>
    public const string ReadModel = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE IF NOT EXISTS chat_history (
            chat_id    text        NOT NULL,
            seq        bigint      NOT NULL,
            sender_id  integer     NOT NULL,
            created_at timestamptz NOT NULL,
            version    bigint      NOT NULL,
            live       boolean     NOT NULL,
            body       text        NOT NULL,
            search     tsvector,
            PRIMARY KEY (chat_id, seq)
        );
        CREATE INDEX IF NOT EXISTS chat_history_search ON chat_history USING gin (search);
        CREATE INDEX IF NOT EXISTS chat_history_by_sender ON chat_history (sender_id) WHERE live;
        CREATE INDEX IF NOT EXISTS chat_history_by_time ON chat_history (created_at) WHERE live;
        CREATE TABLE IF NOT EXISTS chat_updates (
            chat_id    text   NOT NULL,
            update_seq bigint NOT NULL,
            body       text   NOT NULL,
            PRIMARY KEY (chat_id, update_seq)
        );
        CREATE TABLE IF NOT EXISTS chat_catalog (
            chat_id      text    NOT NULL PRIMARY KEY,
            is_public    boolean NOT NULL,
            member_count integer NOT NULL,
            search_text  text    NOT NULL,
            body         text    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS chat_catalog_search ON chat_catalog USING gin (search_text gin_trgm_ops);
        CREATE TABLE IF NOT EXISTS attachments (
            id           text        NOT NULL PRIMARY KEY,
            chat_id      text        NOT NULL,
            uploader_id  integer     NOT NULL,
            name         text        NOT NULL,
            size         bigint      NOT NULL,
            content_type text        NOT NULL,
            created_at   timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS attachments_by_uploader ON attachments (uploader_id);
        CREATE TABLE IF NOT EXISTS attachment_refs (
            file_id text   NOT NULL,
            chat_id text   NOT NULL,
            seq     bigint NOT NULL,
            PRIMARY KEY (file_id, chat_id, seq)
        );
        CREATE INDEX IF NOT EXISTS attachment_refs_by_message ON attachment_refs (chat_id, seq);
        CREATE TABLE IF NOT EXISTS attachment_bytes (
            file_id text    NOT NULL,
            chunk   integer NOT NULL,
            data    bytea   NOT NULL,
            PRIMARY KEY (file_id, chunk)
        );
        CREATE TABLE IF NOT EXISTS redaction_progress (
            id               integer NOT NULL PRIMARY KEY CHECK (id = 1),
            journal_ordering bigint  NOT NULL
        );
        CREATE TABLE IF NOT EXISTS secrets (
            name  text  NOT NULL PRIMARY KEY,
            value bytea NOT NULL
        );
        CREATE TABLE IF NOT EXISTS data_protection_keys (
            name text NOT NULL PRIMARY KEY,
            xml  text NOT NULL
        );
        """;

    /// <summary>
    /// The cluster's own rows (see <see cref="PostgresClusterStore"/>): each running node with its heartbeat
    /// and place in the start order, and the split brain resolver's lease, both on the database's clock.
    /// </summary>
    public const string Cluster = """
        CREATE TABLE IF NOT EXISTS cluster_members (
            address    text        NOT NULL PRIMARY KEY,
            join_order bigserial   NOT NULL,
            started_at timestamptz NOT NULL,
            heartbeat  timestamptz NOT NULL,
            up         boolean     NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cluster_origins (
            origin     text        NOT NULL PRIMARY KEY,
            node       text        NOT NULL,
            seen_at    timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cluster_leases (
            name       text        NOT NULL PRIMARY KEY,
            owner      text        NOT NULL,
            expires_at timestamptz NOT NULL
        );
        """;
}
