using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using Npgsql;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>Counts the read model and sizes the database's tables.</summary>
public sealed class PostgresStoreFigures(PostgresDatabase database) : IStoreFigures
{
    public Task<StoreFigures> CountAsync(int recent, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async (connection, ct) =>
            {
                var messages = await Count(connection, "SELECT count(*) FROM chat_history WHERE live;", ct).ConfigureAwait(false);
                var direct = await Count(connection, "SELECT count(DISTINCT chat_id) FROM chat_history WHERE chat_id LIKE 'dm-%';", ct).ConfigureAwait(false);
                var groups = await Count(connection, "SELECT count(DISTINCT chat_id) FROM chat_history WHERE chat_id LIKE 'g-%';", ct).ConfigureAwait(false);
                var channels = await Count(connection, "SELECT count(*) FROM chat_catalog;", ct).ConfigureAwait(false);
                var attachments = await Count(connection, "SELECT count(*) FROM attachments;", ct).ConfigureAwait(false);
                var attachmentBytes = await Count(connection, "SELECT COALESCE(sum(size), 0) FROM attachments;", ct).ConfigureAwait(false);
                var newest = new List<MessageView>();
                await using var command = Command(connection, "SELECT body FROM chat_history WHERE live ORDER BY created_at DESC LIMIT @n;", ("n", Math.Max(0, recent)));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    newest.Add(JsonSerializer.Deserialize<MessageView>(reader.GetString(0), ReadModelJson.Options)!);
                }

                return new StoreFigures(messages, direct, groups, channels, attachments, attachmentBytes, newest);
            },
            cancellationToken);

    /// <summary>The journal, the snapshots and the read model, as PostgreSQL sizes them (indexes and TOAST included).</summary>
    public IReadOnlyList<StoredFileSize> Sizes()
    {
        try
        {
            using var connection = database.OpenConnection();
            return
            [
                new StoredFileSize("journal", Size(connection, "SELECT pg_total_relation_size('journal') + pg_total_relation_size('tags');")),
                new StoredFileSize("snapshots", Size(connection, "SELECT pg_total_relation_size('snapshot');")),
                new StoredFileSize("read model", Size(connection, "SELECT sum(pg_total_relation_size(t)) FROM unnest(ARRAY['chat_history', 'chat_updates', 'chat_catalog', 'attachments', 'attachment_refs', 'attachment_bytes']::regclass[]) t;")),
            ];
        }
        catch (Exception ex) when (PostgresDatabase.IsTransient(ex))
        {
            return [];
        }
    }

    private static long Size(NpgsqlConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> Count(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64(await Scalar(connection, sql, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
}
