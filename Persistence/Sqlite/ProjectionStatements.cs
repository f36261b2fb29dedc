using System.Globalization;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The history projection's per-row statements for one transaction: each prepared once with its
/// parameters, which every row then only refills (no parameter objects, tasks or readers per row).
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

    private readonly Statement _insertMessage;
    private readonly Statement _updateMessage;
    private readonly Statement _unindex;
    private readonly Statement _index;
    private readonly Statement _insertUpdate;
    private readonly Statement _upsertCatalog;
    private readonly Statement _refer;
    private readonly Statement _dropGrant;
    private readonly Statement _unrefer;

    // Rowid → text of the search entries still to add.
    private readonly Dictionary<long, string> _pendingIndex = [];

    public ProjectionStatements(SqliteConnection connection, SqliteTransaction tx)
    {
        _insertMessage = new(connection, tx, """
            INSERT INTO chat_history (chat_id, seq, sender_id, created_at, text, body)
            VALUES ($chat, $seq, $sender, $created, $text, $body)
            ON CONFLICT (chat_id, seq) DO NOTHING
            RETURNING rowid;
            """, "$chat", "$seq", "$sender", "$created", "$text", "$body");
        _updateMessage = new(connection, tx, "UPDATE chat_history SET text = $text, body = $body WHERE chat_id = $chat AND seq = $seq RETURNING rowid;", "$chat", "$seq", "$text", "$body");
        _unindex = new(connection, tx, "DELETE FROM message_search WHERE rowid = $row;", "$row");
        _index = new(connection, tx, "INSERT INTO message_search (rowid, text) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($rows);", "$rows");
        _insertUpdate = new(connection, tx, "INSERT OR REPLACE INTO chat_updates (chat_id, update_seq, body) VALUES ($chat, $update, $body);", "$chat", "$update", "$body");
        _upsertCatalog = new(connection, tx, "INSERT OR REPLACE INTO chat_catalog (chat_id, is_public, member_count, body) VALUES ($chat, $public, $members, $body);", "$chat", "$public", "$members", "$body");
        _refer = new(connection, tx, "INSERT OR IGNORE INTO attachment_refs (file_id, chat_id, seq) VALUES ($file, $chat, $seq);", "$file", "$chat", "$seq");
        _dropGrant = new(connection, tx, "DELETE FROM attachment_refs WHERE file_id = $file AND chat_id = $chat AND seq = 0;", "$file", "$chat");
        _unrefer = new(connection, tx, "DELETE FROM attachment_refs WHERE chat_id = $chat AND seq = $seq RETURNING file_id;", "$chat", "$seq");
    }

    /// <summary>Stores the message as it is now and its search entry; adds the files it no longer refers to to <paramref name="unreferred"/>.</summary>
    public void Message(MessageView m, HashSet<string> unreferred)
    {
        var body = JsonSerializer.Serialize(m, Json);
        if (_insertMessage.Scalar(m.ChatId, m.Seq, m.SenderId, m.CreatedAt.ToString("O", CultureInfo.InvariantCulture), m.Text, body) is not long row)
        {
            row = (long)_updateMessage.Scalar(m.ChatId, m.Seq, m.Text, body)!;
            _unindex.Execute(row);
            _pendingIndex.Remove(row);
        }

        if (!m.Deleted && m.System is null && !string.IsNullOrWhiteSpace(m.Text))
        {
            _pendingIndex[row] = m.Text;
        }

        // Only file messages and deletions touch the references: a plain text post costs nothing more.
        if (m.Attachment is { } file)
        {
            _refer.Execute(file.Id, m.ChatId, m.Seq);
            _dropGrant.Execute(file.Id, m.ChatId);
        }
        else if (m.Deleted)
        {
            _unrefer.Strings(unreferred, m.ChatId, m.Seq);
        }
    }

    /// <summary>Adds the search entries of the messages stored so far; before the commit and before anything deletes rows.</summary>
    public void IndexPending()
    {
        if (_pendingIndex.Count == 0)
        {
            return;
        }

        _index.Execute(JsonSerializer.Serialize(_pendingIndex.Select(e => new object[] { e.Key, e.Value })));
        _pendingIndex.Clear();
    }

    public void Update(string chatId, UpdateRecord update) =>
        _insertUpdate.Execute(chatId, update.UpdateSeq, JsonSerializer.Serialize(update, Json));

    public void Catalog(ChatInfo info) =>
        _upsertCatalog.Execute(info.ChatId, info.IsPublic ? 1 : 0, info.MemberCount, JsonSerializer.Serialize(info, Json));

    public void Dispose()
    {
        foreach (var statement in new[] { _insertMessage, _updateMessage, _unindex, _index, _insertUpdate, _upsertCatalog, _refer, _dropGrant, _unrefer })
        {
            statement.Dispose();
        }
    }

    /// <summary>One command whose parameters, in the order named, are filled by position.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SqliteCommand _command;

        public Statement(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
        {
            _command = connection.CreateCommand();
            _command.Transaction = tx;
            _command.CommandText = sql;
            foreach (var name in parameters)
            {
                _command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public object? Scalar(params object[] values)
        {
            Fill(values);
            return _command.ExecuteScalar();
        }

        public void Execute(params object[] values)
        {
            Fill(values);
            _command.ExecuteNonQuery();
        }

        public void Strings(HashSet<string> into, params object[] values)
        {
            Fill(values);
            using var reader = _command.ExecuteReader();
            while (reader.Read())
            {
                into.Add(reader.GetString(0));
            }
        }

        public void Dispose() => _command.Dispose();

        private void Fill(object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _command.Parameters[i].Value = values[i];
            }
        }
    }
}
