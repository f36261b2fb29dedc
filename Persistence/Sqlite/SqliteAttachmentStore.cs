using System.Globalization;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// Attachment metadata and references in the read model file (history.db); the bytes are files under
/// data/files. <c>attachment_refs</c> has a row per message referring to a file (written by the
/// history projection) and a row with seq 0 per chat the file was granted to before its message was
/// stored (upload, forward); the projection replaces the grant with the message's row.
/// </summary>
public sealed class SqliteAttachmentStore(SqliteDatabase database) : IAttachmentStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS attachments (
            id           TEXT    NOT NULL PRIMARY KEY,
            chat_id      TEXT    NOT NULL,
            uploader_id  INTEGER NOT NULL,
            name         TEXT    NOT NULL,
            size         INTEGER NOT NULL,
            content_type TEXT    NOT NULL,
            created_at   TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS attachment_refs (
            file_id TEXT    NOT NULL,
            chat_id TEXT    NOT NULL,
            seq     INTEGER NOT NULL,
            PRIMARY KEY (file_id, chat_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS attachment_refs_by_message ON attachment_refs (chat_id, seq);
        CREATE INDEX IF NOT EXISTS attachments_by_uploader ON attachments (uploader_id);
        """;

    /// <summary>
    /// Files stored before references were kept: each is readable in its upload chat and referred to
    /// by the messages of the read model that carry it. Runs once per data directory (user_version 0 → 1).
    /// </summary>
    public const string Migration = """
        INSERT OR IGNORE INTO attachment_refs (file_id, chat_id, seq) SELECT id, chat_id, 0 FROM attachments;
        INSERT OR IGNORE INTO attachment_refs (file_id, chat_id, seq)
            SELECT json_extract(body, '$.attachment.id'), chat_id, seq FROM chat_history
            WHERE json_extract(body, '$.attachment.id') IS NOT NULL;
        """;

    /// <summary>Where the bytes of file <paramref name="id"/> are (or were).</summary>
    public string PathOf(string id) => Path.Combine(database.FilesDirectory, id);

    public async Task WriteAsync(string id, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(id);
        Directory.CreateDirectory(database.FilesDirectory);
        await using var target = File.Create(path);
        await content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream?> OpenAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async Task AddAsync(StoredAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await using var connection = database.Open();
        await using var tx = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO attachments (id, chat_id, uploader_id, name, size, content_type, created_at) VALUES ($id, $chat, $uploader, $name, $size, $type, $at);
            INSERT OR IGNORE INTO attachment_refs (file_id, chat_id, seq) VALUES ($id, $chat, 0);
            """;
        command.Parameters.AddWithValue("$id", attachment.Id);
        command.Parameters.AddWithValue("$chat", attachment.ChatId);
        command.Parameters.AddWithValue("$uploader", attachment.UploaderId);
        command.Parameters.AddWithValue("$name", attachment.Name);
        command.Parameters.AddWithValue("$size", attachment.Size);
        command.Parameters.AddWithValue("$type", attachment.ContentType);
        command.Parameters.AddWithValue("$at", attachment.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredAttachment?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredAttachmentRow.Columns} FROM attachments WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? StoredAttachmentRow.Read(reader, static (r, i) => DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture))
            : null;
    }

    public async Task GrantAsync(string id, string chatId, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO attachment_refs (file_id, chat_id, seq) SELECT id, $chat, 0 FROM attachments WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$chat", chatId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ReadableInAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT chat_id FROM attachment_refs WHERE file_id = $id;";
        command.Parameters.AddWithValue("$id", id);
        var chats = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chats.Add(reader.GetString(0));
        }

        return chats;
    }

    public async Task<long> UploadedBytesAsync(int uploaderId, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(size), 0) FROM attachments WHERE uploader_id = $uploader;";
        command.Parameters.AddWithValue("$uploader", uploaderId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<string>> RemoveUnreferencedAsync(DateTimeOffset uploadedBefore, CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        await using (var connection = database.Open())
        {
            await using var tx = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.Transaction = tx;

            // Times are stored as round-trip UTC strings, which sort as the times do.
            command.CommandText = """
                DELETE FROM attachment_refs WHERE seq = 0 AND file_id IN (
                    SELECT a.id FROM attachments a WHERE a.created_at < $before
                    AND NOT EXISTS (SELECT 1 FROM attachment_refs r WHERE r.file_id = a.id AND r.seq > 0));
                DELETE FROM attachments WHERE created_at < $before
                    AND NOT EXISTS (SELECT 1 FROM attachment_refs r WHERE r.file_id = attachments.id) RETURNING id;
                """;
            command.Parameters.AddWithValue("$before", uploadedBefore.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                do
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        removed.Add(reader.GetString(0));
                    }
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // After the commit, as for deleted messages: bytes without metadata are harmless, the reverse is not.
        foreach (var id in removed)
        {
            File.Delete(PathOf(id));
        }

        return removed;
    }
}
