using System.Globalization;
using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>An uploaded file: which chat it was uploaded to and by whom; the bytes live in the data directory.</summary>
public sealed record StoredAttachment(string Id, string ChatId, int UploaderId, string Name, long Size, string ContentType, DateTimeOffset CreatedAt)
{
    public AttachmentView View => new(Id, Name, Size, ContentType);
}

/// <summary>Attachment metadata in the read model file (history.db); the bytes are files under data/files.</summary>
public sealed class SqliteAttachmentStore(SqliteDatabase database)
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
        """;

    public async Task AddAsync(StoredAttachment a, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO attachments (id, chat_id, uploader_id, name, size, content_type, created_at) VALUES ($id, $chat, $uploader, $name, $size, $type, $at);";
        command.Parameters.AddWithValue("$id", a.Id);
        command.Parameters.AddWithValue("$chat", a.ChatId);
        command.Parameters.AddWithValue("$uploader", a.UploaderId);
        command.Parameters.AddWithValue("$name", a.Name);
        command.Parameters.AddWithValue("$size", a.Size);
        command.Parameters.AddWithValue("$type", a.ContentType);
        command.Parameters.AddWithValue("$at", a.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredAttachment?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, chat_id, uploader_id, name, size, content_type, created_at FROM attachments WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredAttachment(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetString(5),
                DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture))
            : null;
    }
}
