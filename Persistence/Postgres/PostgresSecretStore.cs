using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>Secrets in the shared database: the first node to start makes each one, every node reads the same bytes.</summary>
public sealed class PostgresSecretStore(PostgresDatabase database) : ISecretStore
{
    public byte[] GetOrCreate(string name, Func<byte[]> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        using var connection = database.OpenConnection();

        // Two nodes may start at once: whichever inserts first wins, both read the winner.
        using (var insert = Command(connection, "INSERT INTO secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING;", ("name", name), ("value", create())))
        {
            insert.ExecuteNonQuery();
        }

        using var read = Command(connection, "SELECT value FROM secrets WHERE name = @name;", ("name", name));
        return (byte[])read.ExecuteScalar()!;
    }
}
