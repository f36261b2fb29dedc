using System.Text.Json;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using Npgsql;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// The history projection in PostgreSQL: the same tables and answers as the SQLite store, with
/// search through a tsvector column (GIN) and channel search through trigrams. A message row is
/// only overwritten by a write at least as new as it (<c>version</c>, see <see cref="PostgresSchema.ReadModel"/>).
/// </summary>
public sealed class PostgresMessageHistoryStore(PostgresDatabase database) : IMessageHistoryStore
{
    private static readonly JsonSerializerOptions Json = ReadModelJson.Options;

    public Task<ProjectionResult> ApplyAsync(IReadOnlyList<ProjectionBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return database.RunAsync((connection, ct) => ApplyAsync(connection, batches, ct), cancellationToken);
    }

    private static async Task<ProjectionResult> ApplyAsync(NpgsqlConnection connection, IReadOnlyList<ProjectionBatch> batches, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var unreferred = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            if (batch.Clear is { } clear)
            {
                unreferred.UnionWith(await Forget(connection, batch.ChatId, clear, cancellationToken).ConfigureAwait(false));
            }

            var batchVersion = batch.Updates.Count == 0 ? 0 : batch.Updates.Max(u => u.UpdateSeq);
            foreach (var m in batch.Messages)
            {
                var version = batch.Updates.Where(u => u.Seq == m.Seq).Select(u => u.UpdateSeq).DefaultIfEmpty(batchVersion).Max();
                var written = await Scalar(
                    connection,
                    """
                    INSERT INTO chat_history (chat_id, seq, sender_id, created_at, version, live, body, search)
                    VALUES (@chat, @seq, @sender, @created, @version, @live, @body, to_tsvector('simple', @words))
                    ON CONFLICT (chat_id, seq) DO UPDATE SET version = excluded.version, live = excluded.live, body = excluded.body, search = excluded.search
                    WHERE excluded.version = 0 OR chat_history.version <= excluded.version
                    RETURNING 1;
                    """,
                    cancellationToken,
                    ("chat", m.ChatId),
                    ("seq", m.Seq),
                    ("sender", m.SenderId),
                    ("created", m.CreatedAt.ToUniversalTime()),
                    ("version", version),
                    ("live", IsLive(m)),
                    ("body", JsonSerializer.Serialize(m, Json)),
                    ("words", Indexed(m) is { } words ? words : DBNull.Value)).ConfigureAwait(false);
                if (written is null)
                {
                    // A newer version is stored: this write is late, and so are its references.
                    continue;
                }

                if (m.Attachment is { } file)
                {
                    await Execute(connection, "INSERT INTO attachment_refs (file_id, chat_id, seq) VALUES (@file, @chat, @seq) ON CONFLICT DO NOTHING;", cancellationToken, ("file", file.Id), ("chat", m.ChatId), ("seq", m.Seq)).ConfigureAwait(false);
                    await Execute(connection, "DELETE FROM attachment_refs WHERE file_id = @file AND chat_id = @chat AND seq = 0;", cancellationToken, ("file", file.Id), ("chat", m.ChatId)).ConfigureAwait(false);
                }
                else if (m.Deleted)
                {
                    unreferred.UnionWith(await Strings(connection, "DELETE FROM attachment_refs WHERE chat_id = @chat AND seq = @seq RETURNING file_id;", cancellationToken, ("chat", m.ChatId), ("seq", m.Seq)).ConfigureAwait(false));
                }
            }

            foreach (var u in batch.Updates)
            {
                await Execute(
                    connection,
                    "INSERT INTO chat_updates (chat_id, update_seq, body) VALUES (@chat, @update, @body) ON CONFLICT (chat_id, update_seq) DO UPDATE SET body = excluded.body;",
                    cancellationToken,
                    ("chat", batch.ChatId),
                    ("update", u.UpdateSeq),
                    ("body", JsonSerializer.Serialize(u, Json))).ConfigureAwait(false);
            }

            if (batch.Catalog is { } info)
            {
                await Execute(
                    connection,
                    """
                    INSERT INTO chat_catalog (chat_id, is_public, member_count, search_text, body) VALUES (@chat, @public, @members, @search, @body)
                    ON CONFLICT (chat_id) DO UPDATE SET is_public = excluded.is_public, member_count = excluded.member_count, search_text = excluded.search_text, body = excluded.body;
                    """,
                    cancellationToken,
                    ("chat", info.ChatId),
                    ("public", info.IsPublic),
                    ("members", info.MemberCount),
                    ("search", CatalogText(info)),
                    ("body", JsonSerializer.Serialize(info, Json))).ConfigureAwait(false);
            }
        }

        var orphans = unreferred.Count == 0 ? [] : await PostgresAttachmentStore.ForgetOrphans(connection, unreferred, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return orphans.Count == 0 ? ProjectionResult.None : new ProjectionResult(orphans.Count, orphans.Sum(o => o.Size));
    }

    /// <summary>Counts as a message (see the SQLite store's <c>LiveMessage</c>): neither deleted nor a system message.</summary>
    internal static bool IsLive(MessageView m) => !m.Deleted && m.System is null;

    /// <summary>The words a message is found by; none for deleted and system messages.</summary>
    internal static string? Indexed(MessageView m) => m.Deleted || m.System is not null ? null : SearchText.Words(m.Text);

    /// <summary>Title and description folded the way <see cref="SearchChannelsAsync"/> folds the query.</summary>
    internal static string CatalogText(ChatInfo info) => $"{Lower(info.Title)}\n{Lower(info.Description)}";

    private static string Lower(string? text) => (text ?? string.Empty).ToLowerInvariant();

    /// <summary>A cleared chat's messages up to the clear leave the read model (see the SQLite store); returns the files they referred to.</summary>
    private static async Task<List<string>> Forget(NpgsqlConnection connection, string chatId, ClearPoint clear, CancellationToken cancellationToken)
    {
        await Execute(connection, "DELETE FROM chat_history WHERE chat_id = @chat AND seq <= @seq;", cancellationToken, ("chat", chatId), ("seq", clear.UpToSeq)).ConfigureAwait(false);
        await Execute(connection, "DELETE FROM chat_updates WHERE chat_id = @chat AND update_seq < @update;", cancellationToken, ("chat", chatId), ("update", clear.AtUpdateSeq)).ConfigureAwait(false);

        // Grants (seq 0) stay: a file uploaded for a message not yet sent is not history.
        return await Strings(connection, "DELETE FROM attachment_refs WHERE chat_id = @chat AND seq > 0 AND seq <= @seq RETURNING file_id;", cancellationToken, ("chat", chatId), ("seq", clear.UpToSeq)).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<MessageView>> PageAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        Bodies<MessageView>(
            "SELECT body FROM (SELECT seq, body FROM chat_history WHERE chat_id = @chat AND seq < @before ORDER BY seq DESC LIMIT @limit) page ORDER BY seq;",
            cancellationToken,
            ("chat", chatId),
            ("before", beforeSeq),
            ("limit", limit));

    public Task<IReadOnlyList<MessageView>> GetManyAsync(string chatId, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default) =>
        Bodies<MessageView>(
            "SELECT body FROM chat_history WHERE chat_id = @chat AND seq = ANY(@seqs) ORDER BY seq;",
            cancellationToken,
            ("chat", chatId),
            ("seqs", seqs.ToArray()));

    public Task<IReadOnlyList<UpdateRecord>> UpdatesAsync(string chatId, long afterUpdateSeq, int limit, CancellationToken cancellationToken = default) =>
        Bodies<UpdateRecord>(
            "SELECT body FROM chat_updates WHERE chat_id = @chat AND update_seq > @after ORDER BY update_seq LIMIT @limit;",
            cancellationToken,
            ("chat", chatId),
            ("after", afterUpdateSeq),
            ("limit", limit));

    public Task<long> MaxUpdateSeqAsync(string chatId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async (connection, ct) => Convert.ToInt64(await Scalar(connection, "SELECT COALESCE(MAX(update_seq), 0) FROM chat_updates WHERE chat_id = @chat;", ct, ("chat", chatId)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);

    public Task<IReadOnlyList<long>> SeqsFromAsync(string chatId, int senderId, CancellationToken cancellationToken = default) =>
        Column(
            "SELECT seq FROM chat_history WHERE chat_id = @chat AND sender_id = @sender AND live ORDER BY seq;",
            r => r.GetInt64(0),
            cancellationToken,
            ("chat", chatId),
            ("sender", senderId));

    public Task<IReadOnlyList<string>> ChatsWithMessagesFromAsync(int senderId, CancellationToken cancellationToken = default) =>
        Column(
            "SELECT DISTINCT chat_id FROM chat_history WHERE sender_id = @sender AND live;",
            r => r.GetString(0),
            cancellationToken,
            ("sender", senderId));

    public async Task<IReadOnlyList<MessageView>> SearchAsync(IReadOnlyCollection<string> chatIds, string query, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatIds);
        var words = SearchText.QueryWords(query).Select(w => SearchText.Words(w)).OfType<string>().SelectMany(w => w.Split(' ')).ToList();
        if (words.Count == 0 || chatIds.Count == 0)
        {
            return [];
        }

        // Words hold letters and digits only: nothing in them is tsquery syntax.
        return await Bodies<MessageView>(
            "SELECT body FROM chat_history WHERE search @@ to_tsquery('simple', @query) AND chat_id = ANY(@chats) ORDER BY created_at DESC LIMIT @limit;",
            cancellationToken,
            ("query", string.Join(" & ", words.Select(w => w + ":*"))),
            ("chats", chatIds.ToArray()),
            ("limit", limit)).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ChatInfo>> SearchChannelsAsync(string query, int limit, CancellationToken cancellationToken = default)
    {
        var q = (query ?? string.Empty).Trim().ToLowerInvariant();
        var pattern = "%" + q.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return Bodies<ChatInfo>(
            "SELECT body FROM chat_catalog WHERE is_public AND (@empty OR search_text LIKE @pattern) ORDER BY member_count DESC LIMIT @limit;",
            cancellationToken,
            ("empty", q.Length == 0),
            ("pattern", pattern),
            ("limit", limit));
    }

    private Task<IReadOnlyList<T>> Bodies<T>(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        Column(sql, r => JsonSerializer.Deserialize<T>(r.GetString(0), Json)!, cancellationToken, parameters);

    private Task<IReadOnlyList<T>> Column<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        database.RunAsync<IReadOnlyList<T>>(
            async (connection, ct) =>
            {
                await using var command = Command(connection, sql, parameters);
                var values = new List<T>();
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    values.Add(read(reader));
                }

                return values;
            },
            cancellationToken);
}
