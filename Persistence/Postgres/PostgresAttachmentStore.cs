using System.Globalization;
using Npgsql;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// Attachments in PostgreSQL, their bytes too (another node cannot read this one's disk): the bytes
/// in <c>attachment_bytes</c> as chunks of <see cref="ChunkSize"/>, read back through a seekable
/// stream one chunk at a time. Metadata, grants and references as in the SQLite store; bytes leave
/// with their metadata, in the same transaction.
/// </summary>
public sealed class PostgresAttachmentStore(PostgresDatabase database) : IAttachmentStore
{
    public const int ChunkSize = 256 * 1024;

    public async Task WriteAsync(string id, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);

        // Buffered once: a retried attempt must write the same bytes, and the request body reads only once.
        var bytes = new MemoryStream();
        await content.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
        await database.RunAsync(
            async (connection, ct) =>
            {
                await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await Execute(connection, "DELETE FROM attachment_bytes WHERE file_id = @id;", ct, ("id", id)).ConfigureAwait(false);
                var all = bytes.GetBuffer().AsMemory(0, (int)bytes.Length);
                for (var chunk = 0; chunk * ChunkSize < all.Length; chunk++)
                {
                    var part = all.Slice(chunk * ChunkSize, Math.Min(ChunkSize, all.Length - (chunk * ChunkSize)));
                    await Execute(connection, "INSERT INTO attachment_bytes (file_id, chunk, data) VALUES (@id, @chunk, @data);", ct, ("id", id), ("chunk", chunk), ("data", part.ToArray())).ConfigureAwait(false);
                }

                await tx.CommitAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream?> OpenAsync(string id, CancellationToken cancellationToken = default) =>
        database.RunAsync<Stream?>(
            async (connection, ct) =>
            {
                await using var command = Command(connection, "SELECT count(*), COALESCE(sum(length(data)), 0) FROM attachment_bytes WHERE file_id = @id;", ("id", id));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                return reader.GetInt64(0) == 0 ? null : new ChunkedAttachmentStream(database, id, reader.GetInt64(1), ChunkSize);
            },
            cancellationToken);

    public Task AddAsync(StoredAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return database.RunAsync(
            async (connection, ct) =>
            {
                await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await Execute(
                    connection,
                    "INSERT INTO attachments (id, chat_id, uploader_id, name, size, content_type, created_at) VALUES (@id, @chat, @uploader, @name, @size, @type, @at);",
                    ct,
                    ("id", attachment.Id),
                    ("chat", attachment.ChatId),
                    ("uploader", attachment.UploaderId),
                    ("name", attachment.Name),
                    ("size", attachment.Size),
                    ("type", attachment.ContentType),
                    ("at", attachment.CreatedAt.ToUniversalTime())).ConfigureAwait(false);
                await Execute(connection, "INSERT INTO attachment_refs (file_id, chat_id, seq) VALUES (@id, @chat, 0) ON CONFLICT DO NOTHING;", ct, ("id", attachment.Id), ("chat", attachment.ChatId)).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<StoredAttachment?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async (connection, ct) =>
            {
                await using var command = Command(connection, $"SELECT {StoredAttachmentRow.Columns} FROM attachments WHERE id = @id;", ("id", id));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false)
                    ? StoredAttachmentRow.Read(reader, static (r, i) => new DateTimeOffset(r.GetDateTime(i), TimeSpan.Zero))
                    : null;
            },
            cancellationToken);

    public Task GrantAsync(string id, string chatId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            (connection, ct) => Execute(connection, "INSERT INTO attachment_refs (file_id, chat_id, seq) SELECT id, @chat, 0 FROM attachments WHERE id = @id ON CONFLICT DO NOTHING;", ct, ("id", id), ("chat", chatId)),
            cancellationToken);

    public Task<IReadOnlyList<string>> ReadableInAsync(string id, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<string>>(
            async (connection, ct) => await Strings(connection, "SELECT DISTINCT chat_id FROM attachment_refs WHERE file_id = @id;", ct, ("id", id)).ConfigureAwait(false),
            cancellationToken);

    public Task<long> UploadedBytesAsync(int uploaderId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async (connection, ct) => Convert.ToInt64(await Scalar(connection, "SELECT COALESCE(SUM(size), 0) FROM attachments WHERE uploader_id = @uploader;", ct, ("uploader", uploaderId)).ConfigureAwait(false), CultureInfo.InvariantCulture),
            cancellationToken);

    public Task<IReadOnlyList<string>> RemoveUnreferencedAsync(DateTimeOffset uploadedBefore, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<string>>(
            async (connection, ct) =>
            {
                await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                var before = uploadedBefore.ToUniversalTime();
                await Execute(
                    connection,
                    """
                    DELETE FROM attachment_refs WHERE seq = 0 AND file_id IN (
                        SELECT a.id FROM attachments a WHERE a.created_at < @before
                        AND NOT EXISTS (SELECT 1 FROM attachment_refs r WHERE r.file_id = a.id AND r.seq > 0));
                    """,
                    ct,
                    ("before", before)).ConfigureAwait(false);
                var removed = await Strings(
                    connection,
                    "DELETE FROM attachments a WHERE created_at < @before AND NOT EXISTS (SELECT 1 FROM attachment_refs r WHERE r.file_id = a.id) RETURNING id;",
                    ct,
                    ("before", before)).ConfigureAwait(false);
                await Execute(connection, "DELETE FROM attachment_bytes WHERE file_id = ANY(@ids);", ct, ("ids", removed.ToArray())).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return removed;
            },
            cancellationToken);

    /// <summary>
    /// Files no stored message refers to any more, within the caller's transaction: grants, metadata
    /// and bytes go together. Returns their ids and sizes.
    /// </summary>
    internal static async Task<List<(string Id, long Size)>> ForgetOrphans(NpgsqlConnection connection, IEnumerable<string> candidates, CancellationToken cancellationToken)
    {
        var orphans = new List<(string, long)>();
        foreach (var id in candidates)
        {
            await Execute(connection, "DELETE FROM attachment_refs WHERE file_id = @file AND NOT EXISTS (SELECT 1 FROM attachment_refs WHERE file_id = @file AND seq > 0);", cancellationToken, ("file", id)).ConfigureAwait(false);
            await using var forget = Command(connection, "DELETE FROM attachments WHERE id = @file AND NOT EXISTS (SELECT 1 FROM attachment_refs WHERE file_id = @file) RETURNING size;", ("file", id));
            if (await forget.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long size)
            {
                await Execute(connection, "DELETE FROM attachment_bytes WHERE file_id = @file;", cancellationToken, ("file", id)).ConfigureAwait(false);
                orphans.Add((id, size));
            }
        }

        return orphans;
    }
}
