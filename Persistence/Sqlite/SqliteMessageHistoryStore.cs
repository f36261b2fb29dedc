using System.Text.Json;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The history projection in the same SQLite file as the journal: one row per message, the whole
/// message as JSON beside the columns that queries use.
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
            PRIMARY KEY (chat_id, seq)
        ) WITHOUT ROWID;
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task UpsertAsync(IReadOnlyList<MessageView> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        await using var connection = database.Open();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT OR REPLACE INTO chat_history (chat_id, seq, sender_id, created_at, text, body)
            VALUES ($chat, $seq, $sender, $created, $text, $body);
            """;
        var chat = command.Parameters.Add("$chat", SqliteType.Text);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var sender = command.Parameters.Add("$sender", SqliteType.Integer);
        var created = command.Parameters.Add("$created", SqliteType.Text);
        var text = command.Parameters.Add("$text", SqliteType.Text);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        foreach (var m in messages)
        {
            chat.Value = m.ChatId;
            seq.Value = m.Seq;
            sender.Value = m.SenderId;
            created.Value = m.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            text.Value = m.Text;
            body.Value = JsonSerializer.Serialize(m, Json);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MessageView>> PageAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM chat_history WHERE chat_id = $chat AND seq < $before ORDER BY seq DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$chat", chatId);
        command.Parameters.AddWithValue("$before", beforeSeq);
        command.Parameters.AddWithValue("$limit", limit);
        var page = new List<MessageView>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(JsonSerializer.Deserialize<MessageView>(reader.GetString(0), Json)!);
        }

        page.Reverse();
        return page;
    }

    public async Task<long> MaxSeqAsync(string chatId, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM chat_history WHERE chat_id = $chat;";
        command.Parameters.AddWithValue("$chat", chatId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
