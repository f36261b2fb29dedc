using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>Counts the read model (history.db) and sizes the data directory's databases.</summary>
public sealed class SqliteStoreFigures(SqliteDatabase database) : IStoreFigures
{
    // Deleted and system messages keep their rows (their seq stays); they are not counted as messages.
    private const string Live = SqliteMessageHistoryStore.LiveMessage;

    public async Task<StoreFigures> CountAsync(int recent, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        var messages = await Scalar(connection, $"SELECT count(*) FROM chat_history WHERE {Live};", cancellationToken).ConfigureAwait(false);
        var direct = await Scalar(connection, "SELECT count(DISTINCT chat_id) FROM chat_history WHERE chat_id LIKE 'dm-%';", cancellationToken).ConfigureAwait(false);
        var groups = await Scalar(connection, "SELECT count(DISTINCT chat_id) FROM chat_history WHERE chat_id LIKE 'g-%';", cancellationToken).ConfigureAwait(false);
        var channels = await Scalar(connection, "SELECT count(*) FROM chat_catalog;", cancellationToken).ConfigureAwait(false);
        var attachments = await Scalar(connection, "SELECT count(*) FROM attachments;", cancellationToken).ConfigureAwait(false);
        var attachmentBytes = await Scalar(connection, "SELECT coalesce(sum(size), 0) FROM attachments;", cancellationToken).ConfigureAwait(false);

        var newest = new List<MessageView>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT body FROM chat_history WHERE {Live} ORDER BY created_at DESC LIMIT $n;";
            command.Parameters.AddWithValue("$n", Math.Max(0, recent));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                newest.Add(JsonSerializer.Deserialize<MessageView>(reader.GetString(0), ReadModelJson.Options)!);
            }
        }

        return new StoreFigures(messages, direct, groups, channels, attachments, attachmentBytes, newest);
    }

    public IReadOnlyList<StoredFileSize> Sizes() =>
    [
        .. new[] { database.JournalFile, database.SnapshotFile, database.ReadModelFile }
            .Select(file => new StoredFileSize(
                Path.GetFileName(file),
                new[] { file, file + "-wal", file + "-shm" }.Sum(f => File.Exists(f) ? new FileInfo(f).Length : 0))),
    ];

    private static async Task<long> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
