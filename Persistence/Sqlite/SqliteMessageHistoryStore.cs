using System.Globalization;
using System.Text.Json;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using Microsoft.Data.Sqlite;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The history projection in the read model file (history.db): messages as they are now (whole
/// message as JSON beside the columns queries use), each chat's update feed, an FTS5 index of
/// message text and the channel catalog.
/// </summary>
public sealed class SqliteMessageHistoryStore(SqliteDatabase database) : IMessageHistoryStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS chat_history (
            chat_id    TEXT    NOT NULL,
            seq        INTEGER NOT NULL,
            sender_id  INTEGER NOT NULL,
            created_at TEXT    NOT NULL,
            text       TEXT    NOT NULL,
            body       TEXT    NOT NULL,
            UNIQUE (chat_id, seq)
        );
        CREATE TABLE IF NOT EXISTS chat_updates (
            chat_id    TEXT    NOT NULL,
            update_seq INTEGER NOT NULL,
            body       TEXT    NOT NULL,
            PRIMARY KEY (chat_id, update_seq)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE IF NOT EXISTS message_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS chat_catalog (
            chat_id      TEXT    NOT NULL PRIMARY KEY,
            is_public    INTEGER NOT NULL,
            member_count INTEGER NOT NULL,
            body         TEXT    NOT NULL
        );
        """;

    /// <summary>A stored message that counts as one: neither deleted nor a system message (their rows stay, keeping the seq).</summary>
    internal const string LiveMessage = "json_extract(body, '$.system') IS NULL AND json_extract(body, '$.deletedAt') IS NULL";

    private static readonly JsonSerializerOptions Json = ReadModelJson.Options;

    public async Task<ProjectionResult> ApplyAsync(IReadOnlyList<ProjectionBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        await using var connection = database.OpenForProjection();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var unreferred = new HashSet<string>(StringComparer.Ordinal);
        using (var rows = new ProjectionStatements(connection))
        {
            foreach (var batch in batches)
            {
                if (batch.Clear is { } clear)
                {
                    // The clear takes rows out of the index by their rowids: the entries waiting must be in it.
                    rows.IndexPending();
                    unreferred.UnionWith(await Forget(connection, tx, batch.ChatId, clear, cancellationToken).ConfigureAwait(false));
                }

                foreach (var m in batch.Messages)
                {
                    rows.Message(m, unreferred);
                }

                foreach (var u in batch.Updates)
                {
                    rows.Update(batch.ChatId, u);
                }

                if (batch.Catalog is { } info)
                {
                    rows.Catalog(info);
                }
            }

            rows.IndexPending();
        }

        var orphans = unreferred.Count == 0 ? [] : await ForgetOrphans(connection, tx, unreferred, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);

        // After the commit: a file whose deletion is lost to a crash is found again when the chat
        // re-projects the deletion; a file deleted before a commit that never happened would be lost.
        foreach (var (id, _) in orphans)
        {
            File.Delete(Path.Combine(database.FilesDirectory, id));
        }

        return orphans.Count == 0 ? ProjectionResult.None : new ProjectionResult(orphans.Count, orphans.Sum(o => o.Size));
    }

    /// <summary>
    /// A cleared chat's messages up to the clear leave the read model: rows, search entries, the
    /// update feed before the clear, and their references to files. Returns the files referred to.
    /// </summary>
    private static async Task<List<string>> Forget(SqliteConnection connection, SqliteTransaction tx, string chatId, ClearPoint clear, CancellationToken cancellationToken)
    {
        (string, object)[] chat = [("$chat", chatId), ("$seq", clear.UpToSeq)];
        await using var unindex = Command(connection, tx, "DELETE FROM message_search WHERE rowid IN (SELECT rowid FROM chat_history WHERE chat_id = $chat AND seq <= $seq);");
        await Run(unindex, cancellationToken, chat).ConfigureAwait(false);
        await using var rows = Command(connection, tx, "DELETE FROM chat_history WHERE chat_id = $chat AND seq <= $seq;");
        await Run(rows, cancellationToken, chat).ConfigureAwait(false);
        await using var updates = Command(connection, tx, "DELETE FROM chat_updates WHERE chat_id = $chat AND update_seq < $update;");
        await Run(updates, cancellationToken, ("$chat", chatId), ("$update", clear.AtUpdateSeq)).ConfigureAwait(false);

        // Grants (seq 0) stay: a file uploaded for a message not yet sent is not history.
        await using var unrefer = Command(connection, tx, "DELETE FROM attachment_refs WHERE chat_id = $chat AND seq > 0 AND seq <= $seq RETURNING file_id;");
        return await Strings(unrefer, cancellationToken, chat).ConfigureAwait(false);
    }

    /// <summary>Files no stored message refers to any more: their metadata and grants go now, their bytes after the commit.</summary>
    private static async Task<List<(string Id, long Size)>> ForgetOrphans(SqliteConnection connection, SqliteTransaction tx, IEnumerable<string> candidates, CancellationToken cancellationToken)
    {
        await using var dropGrants = Command(connection, tx, "DELETE FROM attachment_refs WHERE file_id = $file AND NOT EXISTS (SELECT 1 FROM attachment_refs WHERE file_id = $file AND seq > 0);");
        await using var forget = Command(connection, tx, "DELETE FROM attachments WHERE id = $file AND NOT EXISTS (SELECT 1 FROM attachment_refs WHERE file_id = $file) RETURNING id, size;");
        var orphans = new List<(string, long)>();
        foreach (var id in candidates)
        {
            await Run(dropGrants, cancellationToken, ("$file", id)).ConfigureAwait(false);
            forget.Parameters.Clear();
            forget.Parameters.AddWithValue("$file", id);
            await using var reader = await forget.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                orphans.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        return orphans;
    }

    public Task<IReadOnlyList<MessageView>> PageAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        Query<MessageView>(
            "SELECT body FROM (SELECT seq, body FROM chat_history WHERE chat_id = $chat AND seq < $before ORDER BY seq DESC LIMIT $limit) ORDER BY seq;",
            cancellationToken,
            ("$chat", chatId),
            ("$before", beforeSeq),
            ("$limit", limit));

    public Task<IReadOnlyList<MessageView>> GetManyAsync(string chatId, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default) =>
        Query<MessageView>(
            "SELECT body FROM chat_history WHERE chat_id = $chat AND seq IN (SELECT value FROM json_each($seqs)) ORDER BY seq;",
            cancellationToken,
            ("$chat", chatId),
            ("$seqs", JsonSerializer.Serialize(seqs)));

    public Task<IReadOnlyList<UpdateRecord>> UpdatesAsync(string chatId, long afterUpdateSeq, int limit, CancellationToken cancellationToken = default) =>
        Query<UpdateRecord>(
            "SELECT body FROM chat_updates WHERE chat_id = $chat AND update_seq > $after ORDER BY update_seq LIMIT $limit;",
            cancellationToken,
            ("$chat", chatId),
            ("$after", afterUpdateSeq),
            ("$limit", limit));

    public async Task<long> MaxUpdateSeqAsync(string chatId, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = Command(connection, null, "SELECT COALESCE(MAX(update_seq), 0) FROM chat_updates WHERE chat_id = $chat;");
        return Convert.ToInt64(await Run(command, cancellationToken, ("$chat", chatId)).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<long>> SeqsFromAsync(string chatId, int senderId, CancellationToken cancellationToken = default) =>
        Column(
            $"SELECT seq FROM chat_history WHERE chat_id = $chat AND sender_id = $sender AND {LiveMessage} ORDER BY seq;",
            r => r.GetInt64(0),
            cancellationToken,
            ("$chat", chatId),
            ("$sender", senderId));

    public Task<IReadOnlyList<string>> ChatsWithMessagesFromAsync(int senderId, CancellationToken cancellationToken = default) =>
        Column(
            $"SELECT DISTINCT chat_id FROM chat_history WHERE sender_id = $sender AND {LiveMessage};",
            r => r.GetString(0),
            cancellationToken,
            ("$sender", senderId));

    public async Task<IReadOnlyList<MessageView>> SearchAsync(IReadOnlyCollection<string> chatIds, string query, int limit, CancellationToken cancellationToken = default)
    {
        var match = FullTextQuery.From(query);
        if (match is null || chatIds.Count == 0)
        {
            return [];
        }

        return await Query<MessageView>(
            """
            SELECT h.body FROM message_search s JOIN chat_history h ON h.rowid = s.rowid
            WHERE message_search MATCH $match AND h.chat_id IN (SELECT value FROM json_each($chats))
            ORDER BY h.created_at DESC LIMIT $limit;
            """,
            cancellationToken,
            ("$match", match),
            ("$chats", JsonSerializer.Serialize(chatIds)),
            ("$limit", limit)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChatInfo>> SearchChannelsAsync(string query, int limit, CancellationToken cancellationToken = default)
    {
        // Channels on one LAN number in the hundreds: filtering here gets case-insensitive Cyrillic right, which LIKE does not.
        var all = await Query<ChatInfo>("SELECT body FROM chat_catalog WHERE is_public = 1 ORDER BY member_count DESC;", cancellationToken).ConfigureAwait(false);
        var q = query.Trim();
        return [.. all.Where(c => q.Length == 0
                || (c.Title?.Contains(q, StringComparison.CurrentCultureIgnoreCase) ?? false)
                || (c.Description?.Contains(q, StringComparison.CurrentCultureIgnoreCase) ?? false))
            .Take(limit)];
    }

    private async Task<IReadOnlyList<T>> Column<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = database.Open();
        await using var command = Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(read(reader));
        }

        return values;
    }

    private Task<IReadOnlyList<T>> Query<T>(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        Column(sql, r => JsonSerializer.Deserialize<T>(r.GetString(0), Json)!, cancellationToken, parameters);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static async Task<List<string>> Strings(SqliteCommand command, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static Task<object?> Run(SqliteCommand command, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalarAsync(cancellationToken);
    }
}
