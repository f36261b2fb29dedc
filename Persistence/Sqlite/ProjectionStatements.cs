using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The history projection's per-row statements: each prepared once and run through SQLite's own API
/// with its values bound by position (<see cref="PreparedStatement"/>: no parameter objects, tasks
/// or readers per row).
/// A new message is inserted and indexed; only a message already stored (edited, deleted, a
/// re-projection after a crash) has its row updated and its old search entry taken out first.
/// Search entries are added together by one statement (<see cref="IndexPending"/>): FTS5 writes its
/// pending entries to disk as a new segment at every statement savepoint, and each insert into the
/// index (and every later statement that may abort) opens one, so indexing row by row wrote and then
/// merged one segment per message.
/// </summary>
internal sealed class ProjectionStatements : IDisposable
{
    private static readonly JsonSerializerOptions Json = ReadModelJson.Options;

    private readonly PreparedStatement _insertMessage;
    private readonly PreparedStatement _updateMessage;
    private readonly PreparedStatement _unindex;
    private readonly PreparedStatement _index;
    private readonly PreparedStatement _insertUpdate;
    private readonly PreparedStatement _upsertCatalog;
    private readonly PreparedStatement _refer;
    private readonly PreparedStatement _dropGrant;
    private readonly PreparedStatement _unrefer;

    // Rowid → text of the search entries still to add.
    private readonly Dictionary<long, string> _pendingIndex = [];

    // Bodies are written as UTF-8 into one reused buffer and bound from there: no string per body,
    // and no second encoding of it to UTF-8 for SQLite. Same writer settings as JsonSerializer's own.
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _jsonWriter;

    /// <summary>Prepares the statements on <paramref name="connection"/>; they run in whatever transaction it has open.</summary>
    public ProjectionStatements(SqliteConnection connection)
    {
        _jsonWriter = new Utf8JsonWriter(_json, new JsonWriterOptions { Encoder = Json.Encoder, Indented = Json.WriteIndented, MaxDepth = Json.MaxDepth });
        _insertMessage = new(connection, """
            INSERT INTO chat_history (chat_id, seq, sender_id, created_at, text, body)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (chat_id, seq) DO NOTHING
            RETURNING rowid;
            """);
        _updateMessage = new(connection, "UPDATE chat_history SET text = ?3, body = ?4 WHERE chat_id = ?1 AND seq = ?2 RETURNING rowid;");
        _unindex = new(connection, "DELETE FROM message_search WHERE rowid = ?1;");
        _index = new(connection, "INSERT INTO message_search (rowid, text) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1);");
        _insertUpdate = new(connection, "INSERT OR REPLACE INTO chat_updates (chat_id, update_seq, body) VALUES (?1, ?2, ?3);");
        _upsertCatalog = new(connection, "INSERT OR REPLACE INTO chat_catalog (chat_id, is_public, member_count, body) VALUES (?1, ?2, ?3, ?4);");
        _refer = new(connection, "INSERT OR IGNORE INTO attachment_refs (file_id, chat_id, seq) VALUES (?1, ?2, ?3);");
        _dropGrant = new(connection, "DELETE FROM attachment_refs WHERE file_id = ?1 AND chat_id = ?2 AND seq = 0;");
        _unrefer = new(connection, "DELETE FROM attachment_refs WHERE chat_id = ?1 AND seq = ?2 RETURNING file_id;");
    }

    /// <summary>Stores the message as it is now and its search entry; adds the files it no longer refers to to <paramref name="unreferred"/>.</summary>
    public void Message(MessageView m, HashSet<string> unreferred)
    {
        var body = ToJson(m);
        Span<char> created = stackalloc char[64];
        m.CreatedAt.TryFormat(created, out var createdLength, "O", CultureInfo.InvariantCulture);
        if (_insertMessage.Bind(1, m.ChatId).Bind(2, m.Seq).Bind(3, m.SenderId).Bind(4, created[..createdLength]).Bind(5, m.Text).BindUtf8(6, body).Run() is not { } row)
        {
            row = _updateMessage.Bind(1, m.ChatId).Bind(2, m.Seq).Bind(3, m.Text).BindUtf8(4, body).Run()
                ?? throw new InvalidOperationException($"Message {m.ChatId}:{m.Seq} neither inserted nor found.");
            _unindex.Bind(1, row).Run();
            _pendingIndex.Remove(row);
        }

        if (!m.Deleted && m.System is null && !string.IsNullOrWhiteSpace(m.Text))
        {
            _pendingIndex[row] = m.Text;
        }

        // Only file messages and deletions touch the references: a plain text post costs nothing more.
        if (m.Attachment is { } file)
        {
            _refer.Bind(1, file.Id).Bind(2, m.ChatId).Bind(3, m.Seq).Run();
            _dropGrant.Bind(1, file.Id).Bind(2, m.ChatId).Run();
        }
        else if (m.Deleted)
        {
            _unrefer.Bind(1, m.ChatId).Bind(2, m.Seq).Strings(unreferred);
        }
    }

    /// <summary>Adds the search entries of the messages stored so far; before the commit and before anything deletes rows.</summary>
    public void IndexPending()
    {
        if (_pendingIndex.Count == 0)
        {
            return;
        }

        _index.Bind(1, JsonSerializer.Serialize(_pendingIndex.Select(e => new object[] { e.Key, e.Value }))).Run();
        _pendingIndex.Clear();
    }

    public void Update(string chatId, UpdateRecord update) =>
        _insertUpdate.Bind(1, chatId).Bind(2, update.UpdateSeq).BindUtf8(3, ToJson(update)).Run();

    public void Catalog(ChatInfo info) =>
        _upsertCatalog.Bind(1, info.ChatId).Bind(2, info.IsPublic ? 1 : 0).Bind(3, info.MemberCount).BindUtf8(4, ToJson(info)).Run();

    /// <summary>The value as JSON in UTF-8, valid until the next call.</summary>
    private ReadOnlySpan<byte> ToJson<T>(T value)
    {
        _json.ResetWrittenCount();
        _jsonWriter.Reset();
        JsonSerializer.Serialize(_jsonWriter, value, Json);
        return _json.WrittenSpan;
    }

    public void Dispose()
    {
        _jsonWriter.Dispose();
        foreach (var statement in new[] { _insertMessage, _updateMessage, _unindex, _index, _insertUpdate, _upsertCatalog, _refer, _dropGrant, _unrefer })
        {
            statement.Dispose();
        }
    }
}
