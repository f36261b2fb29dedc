using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Postgres;
using ActorMessenger.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Db = NpgsqlTypes.NpgsqlDbType;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Migration;

/// <summary>
/// Copies a single-machine installation (the SQLite files, uploads, signing key and data-protection keys
/// of a data directory) into an empty PostgreSQL database, in one transaction. The journal goes row for
/// row with its ordering, tags, manifests and serializer ids, so every entity recovers exactly as before
/// and the next event continues the ordering; snapshots likewise. The read model is copied, not rebuilt:
/// bodies verbatim, and the columns only PostgreSQL has (search words, live, version) computed as its
/// projection computes them. Every count is compared before the commit; a difference rolls everything
/// back. The caller holds the data directory's lock, so no server writes while this reads.
/// </summary>
public sealed class SqliteToPostgres(DataDirectory source, PostgresDatabase target, TextWriter log)
{
    /// <summary>Every table the server keeps in PostgreSQL: the target must have all of them empty.</summary>
    private static readonly string[] TargetTables =
        ["journal", "tags", "snapshot", "chat_history", "chat_updates", "chat_catalog", "attachments", "attachment_refs", "attachment_bytes", "redaction_progress", "secrets", "data_protection_keys"];

    private static readonly JsonSerializerOptions Json = ReadModelJson.Options;

    /// <summary>
    /// Copies and verifies; returns the counts compared. <see cref="MigrationRefusedException"/> when there
    /// is nothing to copy, the target holds data already, or a count differs (then nothing was kept).
    /// </summary>
    public async Task<IReadOnlyList<MigrationCount>> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(source.File(DataDirectory.JournalFileName)))
        {
            throw new MigrationRefusedException($"There is no ActorMessenger data in {source.Path} (no {DataDirectory.JournalFileName}). Name the data directory to migrate with --data-dir PATH.");
        }

        var sqlite = new SqliteDatabase(source.Path);

        // Brings files written by an older server up to date first, as a start would.
        sqlite.Initialize();
        target.Initialize();

        // One statement may run long here (a whole table copied at once): no command timeout.
        var unbounded = new NpgsqlConnectionStringBuilder(target.ConnectionString) { CommandTimeout = 0, Pooling = false };
        await using var pg = new NpgsqlConnection(unbounded.ConnectionString);
        await pg.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await pg.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // No server may write while the copy is made; one that holds the tables makes this give up, not wait.
        await Execute(pg, $"SET LOCAL lock_timeout = '10s'; LOCK TABLE {string.Join(", ", TargetTables)} IN ACCESS EXCLUSIVE MODE;", cancellationToken).ConfigureAwait(false);
        await RefuseIfFilled(pg, cancellationToken).ConfigureAwait(false);

        await using (var journal = sqlite.OpenJournal())
        {
            await CopyJournal(journal, pg, cancellationToken).ConfigureAwait(false);
        }

        await using (var snapshots = sqlite.OpenSnapshots())
        {
            await Copy(snapshots, "SELECT persistence_id, sequence_nr, created_at, payload, manifest, serializer_id FROM snapshot ORDER BY persistence_id, sequence_nr;", pg, "snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id)", [Db.Text, Db.Bigint, Db.Bigint, Db.Bytea, Db.Text, Db.Integer], "snapshots", cancellationToken).ConfigureAwait(false);
        }

        await using (var readModel = sqlite.Open())
        {
            await CopyReadModel(readModel, pg, cancellationToken).ConfigureAwait(false);
            await CopyFileBytes(readModel, sqlite.FilesDirectory, pg, cancellationToken).ConfigureAwait(false);
        }

        await CopySecrets(pg, cancellationToken).ConfigureAwait(false);

        var counts = await Count(sqlite, pg, cancellationToken).ConfigureAwait(false);
        if (MigrationCount.Differences(counts) is { } differences)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw new MigrationRefusedException(differences + " Nothing was kept in the PostgreSQL database; the SQLite data is unchanged.");
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return counts;
    }

    private async Task RefuseIfFilled(NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        var filled = new List<string>();
        foreach (var table in TargetTables)
        {
            if (await Scalar(pg, $"SELECT EXISTS (SELECT 1 FROM {table});", cancellationToken).ConfigureAwait(false) is true)
            {
                filled.Add(table);
            }
        }

        if (filled.Count > 0)
        {
            throw new MigrationRefusedException(
                $"The {target.Name} already holds data (tables {string.Join(", ", filled)} are not empty). Migrate into a new, empty database "
                + "(e.g. CREATE DATABASE messenger), so nothing in it is mixed with or overwritten by the copy. Nothing was changed.");
        }
    }

    /// <summary>Events with their ordering as it is, their tags, the redaction progress that refers to that ordering; the next event continues after the highest ordering ever given.</summary>
    private async Task CopyJournal(SqliteConnection journal, NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        await Copy(journal, "SELECT ordering, timestamp, is_deleted, persistence_id, sequence_nr, payload, manifest, serializer_id FROM event_journal ORDER BY ordering;", pg, "journal (ordering, created, deleted, persistence_id, sequence_number, message, manifest, identifier)", [Db.Bigint, Db.Bigint, Db.Boolean, Db.Text, Db.Bigint, Db.Bytea, Db.Text, Db.Integer], "journal events", cancellationToken).ConfigureAwait(false);
        await Copy(journal, "SELECT ordering_id, tag, sequence_nr, persistence_id FROM tags ORDER BY ordering_id;", pg, "tags (ordering_id, tag, sequence_nr, persistence_id)", [Db.Bigint, Db.Text, Db.Bigint, Db.Text], "tags", cancellationToken).ConfigureAwait(false);
        await Copy(journal, "SELECT id, journal_ordering FROM redaction_progress;", pg, "redaction_progress (id, journal_ordering)", [Db.Integer, Db.Bigint], "redaction progress rows", cancellationToken).ConfigureAwait(false);

        // SQLite's AUTOINCREMENT never gives an ordering twice, even after the newest rows were deleted.
        var highest = Math.Max(
            SqliteLong(journal, "SELECT COALESCE(MAX(ordering), 0) FROM event_journal;"),
            SqliteLong(journal, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'event_journal'), 0);"));
        if (highest > 0)
        {
            await Execute(pg, $"SELECT setval(pg_get_serial_sequence('journal', 'ordering'), {highest.ToString(CultureInfo.InvariantCulture)}, true);", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CopyReadModel(SqliteConnection readModel, NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        await Copy(readModel, "SELECT chat_id, update_seq, body FROM chat_updates ORDER BY chat_id, update_seq;", pg, "chat_updates (chat_id, update_seq, body)", [Db.Text, Db.Bigint, Db.Text], "update feed rows", cancellationToken).ConfigureAwait(false);

        // Through a staging table: the search column is made by PostgreSQL's to_tsvector, and each row's
        // version is the newest update that concerns it (as the projection writes it).
        await Execute(pg, "CREATE TEMP TABLE migrated_history (chat_id text, seq bigint, sender_id integer, created_at timestamptz, live boolean, body text, words text) ON COMMIT DROP;", cancellationToken).ConfigureAwait(false);
        await Copy(
            readModel,
            "SELECT chat_id, seq, body FROM chat_history ORDER BY chat_id, seq;",
            pg,
            "migrated_history (chat_id, seq, sender_id, created_at, live, body, words)",
            [Db.Text, Db.Bigint, Db.Integer, Db.TimestampTz, Db.Boolean, Db.Text, Db.Text],
            r =>
            {
                var body = r.GetString(2);
                var m = JsonSerializer.Deserialize<MessageView>(body, Json)!;
                return [r.GetString(0), r.GetInt64(1), m.SenderId, m.CreatedAt.ToUniversalTime(), PostgresMessageHistoryStore.IsLive(m), body, PostgresMessageHistoryStore.Indexed(m)];
            },
            "history messages",
            cancellationToken).ConfigureAwait(false);
        await Execute(
            pg,
            """
            INSERT INTO chat_history (chat_id, seq, sender_id, created_at, version, live, body, search)
            SELECT h.chat_id, h.seq, h.sender_id, h.created_at, COALESCE(v.version, 0), h.live, h.body, to_tsvector('simple', h.words)
            FROM migrated_history h
            LEFT JOIN (SELECT chat_id, (body::jsonb ->> 'seq')::bigint AS seq, MAX(update_seq) AS version FROM chat_updates GROUP BY 1, 2) v
                ON v.chat_id = h.chat_id AND v.seq = h.seq;
            """,
            cancellationToken).ConfigureAwait(false);

        await Copy(
            readModel,
            "SELECT chat_id, is_public, member_count, body FROM chat_catalog ORDER BY chat_id;",
            pg,
            "chat_catalog (chat_id, is_public, member_count, search_text, body)",
            [Db.Text, Db.Boolean, Db.Integer, Db.Text, Db.Text],
            r =>
            {
                var body = r.GetString(3);
                return [r.GetString(0), r.GetInt64(1) != 0, r.GetInt32(2), PostgresMessageHistoryStore.CatalogText(JsonSerializer.Deserialize<ChatInfo>(body, Json)!), body];
            },
            "channel catalog entries",
            cancellationToken).ConfigureAwait(false);
        await Copy(readModel, "SELECT id, chat_id, uploader_id, name, size, content_type, created_at FROM attachments ORDER BY id;", pg, "attachments (id, chat_id, uploader_id, name, size, content_type, created_at)", [Db.Text, Db.Text, Db.Integer, Db.Text, Db.Bigint, Db.Text, Db.TimestampTz], "attachment records", cancellationToken).ConfigureAwait(false);
        await Copy(readModel, "SELECT file_id, chat_id, seq FROM attachment_refs ORDER BY file_id, chat_id, seq;", pg, "attachment_refs (file_id, chat_id, seq)", [Db.Text, Db.Text, Db.Bigint], "attachment references", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bytes of every recorded attachment that has them, in the chunks the PostgreSQL store reads.</summary>
    private async Task CopyFileBytes(SqliteConnection readModel, string filesDirectory, NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        var (files, bytes) = (0L, 0L);
        var buffer = new byte[PostgresAttachmentStore.ChunkSize];
        await using (var writer = await pg.BeginBinaryImportAsync("COPY attachment_bytes (file_id, chunk, data) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            writer.Timeout = TimeSpan.Zero;
            foreach (var (id, path) in AttachmentFiles(readModel, filesDirectory))
            {
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                var chunk = 0;
                do
                {
                    var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);

                    // An empty file still gets one (empty) chunk, so it opens as empty rather than as missing.
                    if (read == 0 && chunk > 0)
                    {
                        break;
                    }

                    await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync(id, Db.Text, cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync(chunk++, Db.Integer, cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync(buffer.AsMemory(0, read).ToArray(), Db.Bytea, cancellationToken).ConfigureAwait(false);
                    bytes += read;
                }
                while (file.Position < file.Length);
                files++;
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  attachment files: {files} ({bytes} bytes)")).ConfigureAwait(false);
    }

    /// <summary>The token signing key and the data-protection key ring, where the PostgreSQL backend looks for them.</summary>
    private async Task CopySecrets(NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        var signingKey = source.File(DataDirectory.SigningKeyFileName);
        if (File.Exists(signingKey))
        {
            var value = Convert.FromBase64String((await File.ReadAllTextAsync(signingKey, cancellationToken).ConfigureAwait(false)).Trim());
            await Execute(pg, "INSERT INTO secrets (name, value) VALUES (@name, @value);", cancellationToken, ("name", DataDirectory.SigningKeyFileName), ("value", value)).ConfigureAwait(false);
        }

        var keys = KeyFiles();
        foreach (var file in keys)
        {
            // The file system repository names each file after the key's friendly name, as the PostgreSQL one names its rows.
            var xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting);
            await Execute(pg, "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml);", cancellationToken, ("name", Path.GetFileNameWithoutExtension(file)), ("xml", xml)).ConfigureAwait(false);
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  signing key: {(File.Exists(signingKey) ? "yes" : "none")}; data-protection keys: {keys.Count}")).ConfigureAwait(false);
    }

    /// <summary>What is in SQLite and the data directory beside what the transaction now holds in PostgreSQL, counted independently of the copy.</summary>
    private async Task<IReadOnlyList<MigrationCount>> Count(SqliteDatabase sqlite, NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        var counts = new List<MigrationCount>();
        async Task Add(string what, SqliteConnection from, string sourceSql, string targetSql) =>
            counts.Add(new MigrationCount(what, SqliteLong(from, sourceSql), Convert.ToInt64(await Scalar(pg, targetSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)));

        await using (var journal = sqlite.OpenJournal())
        {
            await Add("journal events", journal, "SELECT count(*) FROM event_journal;", "SELECT count(*) FROM journal;").ConfigureAwait(false);
            await Add("journal event bytes", journal, "SELECT COALESCE(SUM(length(payload)), 0) FROM event_journal;", "SELECT COALESCE(SUM(length(message)), 0) FROM journal;").ConfigureAwait(false);
            await Add("journal orderings", journal, "SELECT COALESCE(SUM(ordering), 0) FROM event_journal;", "SELECT COALESCE(SUM(ordering), 0) FROM journal;").ConfigureAwait(false);
            await Add("tags", journal, "SELECT count(*) FROM tags;", "SELECT count(*) FROM tags;").ConfigureAwait(false);
            await Add("redaction progress rows", journal, "SELECT count(*) FROM redaction_progress;", "SELECT count(*) FROM redaction_progress;").ConfigureAwait(false);
        }

        await using (var snapshots = sqlite.OpenSnapshots())
        {
            await Add("snapshots", snapshots, "SELECT count(*) FROM snapshot;", "SELECT count(*) FROM snapshot;").ConfigureAwait(false);
            await Add("snapshot bytes", snapshots, "SELECT COALESCE(SUM(length(payload)), 0) FROM snapshot;", "SELECT COALESCE(SUM(length(snapshot)), 0) FROM snapshot;").ConfigureAwait(false);
        }

        await using (var readModel = sqlite.Open())
        {
            foreach (var (what, table) in new[] { ("history messages", "chat_history"), ("update feed rows", "chat_updates"), ("channel catalog entries", "chat_catalog"), ("attachment records", "attachments"), ("attachment references", "attachment_refs") })
            {
                await Add(what, readModel, $"SELECT count(*) FROM {table};", $"SELECT count(*) FROM {table};").ConfigureAwait(false);
            }

            var files = AttachmentFiles(readModel, sqlite.FilesDirectory).Select(f => new FileInfo(f.Path).Length).ToList();
            counts.Add(new MigrationCount("attachment files", files.Count, Convert.ToInt64(await Scalar(pg, "SELECT count(DISTINCT file_id) FROM attachment_bytes;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)));
            counts.Add(new MigrationCount("attachment bytes", files.Sum(), Convert.ToInt64(await Scalar(pg, "SELECT COALESCE(SUM(length(data)), 0) FROM attachment_bytes;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)));
        }

        counts.Add(new MigrationCount("signing keys", File.Exists(source.File(DataDirectory.SigningKeyFileName)) ? 1 : 0, Convert.ToInt64(await Scalar(pg, "SELECT count(*) FROM secrets;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)));
        counts.Add(new MigrationCount("data-protection keys", KeyFiles().Count, Convert.ToInt64(await Scalar(pg, "SELECT count(*) FROM data_protection_keys;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)));
        return counts;
    }

    /// <summary>Recorded attachments whose bytes are on disk (a file without a record is a crashed upload, and no message can name it).</summary>
    private static List<(string Id, string Path)> AttachmentFiles(SqliteConnection readModel, string filesDirectory)
    {
        using var command = readModel.CreateCommand();
        command.CommandText = "SELECT id FROM attachments ORDER BY id;";
        using var reader = command.ExecuteReader();
        var files = new List<(string, string)>();
        while (reader.Read())
        {
            var path = Path.Combine(filesDirectory, reader.GetString(0));
            if (File.Exists(path))
            {
                files.Add((reader.GetString(0), path));
            }
        }

        return files;
    }

    private List<string> KeyFiles()
    {
        var folder = source.File(DataDirectory.KeysFolderName);
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal)] : [];
    }

    private Task Copy(SqliteConnection from, string select, NpgsqlConnection to, string into, NpgsqlDbType[] types, string what, CancellationToken cancellationToken) =>
        Copy(from, select, to, into, types, r => [.. types.Select((type, i) => Read(r, i, type))], what, cancellationToken);

    /// <summary>Streams the rows of <paramref name="select"/> into <paramref name="into"/> with PostgreSQL's binary COPY.</summary>
    private async Task Copy(SqliteConnection from, string select, NpgsqlConnection to, string into, NpgsqlDbType[] types, Func<SqliteDataReader, object?[]> row, string what, CancellationToken cancellationToken)
    {
        await using var command = from.CreateCommand();
        command.CommandText = select;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long rows = 0;
        await using (var writer = await to.BeginBinaryImportAsync($"COPY {into} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            writer.Timeout = TimeSpan.Zero;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = row(reader);
                await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < types.Length; i++)
                {
                    if (values[i] is null)
                    {
                        await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await writer.WriteAsync(values[i], types[i], cancellationToken).ConfigureAwait(false);
                    }
                }

                rows++;
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {what}: {rows}")).ConfigureAwait(false);
    }

    private static object? Read(SqliteDataReader r, int i, NpgsqlDbType type) => r.IsDBNull(i) ? null : type switch
    {
        Db.Bigint => r.GetInt64(i),
        Db.Integer => r.GetInt32(i),
        Db.Boolean => r.GetInt64(i) != 0,
        Db.Bytea => r.GetFieldValue<byte[]>(i),
        Db.TimestampTz => DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime(),
        _ => r.GetString(i),
    };

    private static long SqliteLong(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
