using System.Data.Common;

namespace ActorMessenger.Persistence;

/// <summary>
/// The attachments table's columns as both backends read them; only how a date is stored differs
/// (ISO text in SQLite, <c>timestamptz</c> in PostgreSQL).
/// </summary>
internal static class StoredAttachmentRow
{
    public const string Columns = "id, chat_id, uploader_id, name, size, content_type, created_at";

    public static StoredAttachment Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readDate) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetString(3),
        reader.GetInt64(4),
        reader.GetString(5),
        readDate(reader, 6));
}
