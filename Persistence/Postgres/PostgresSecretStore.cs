using Npgsql;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>Secrets in the shared database: the first node to start makes each one, every node reads the same bytes.</summary>
public sealed class PostgresSecretStore(PostgresDatabase database) : ISecretStore
{
    public byte[] GetOrCreate(string name, Func<byte[]> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        using var connection = database.OpenConnection();

        // Made only when missing: a secret may be costly to make (the cluster certificate's RSA key).
        if (Read(connection, name) is { } stored)
        {
            return stored;
        }

        // Two nodes may start at once and both find it missing: whichever inserts first wins, both read the winner.
        using (var insert = Command(connection, "INSERT INTO secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING;", ("name", name), ("value", create())))
        {
            insert.ExecuteNonQuery();
        }

        return Read(connection, name)!;
    }

    private static byte[]? Read(NpgsqlConnection connection, string name)
    {
        using var read = Command(connection, "SELECT value FROM secrets WHERE name = @name;", ("name", name));
        return read.ExecuteScalar() as byte[];
    }
}
