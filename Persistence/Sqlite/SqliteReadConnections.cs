using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// Open connections to one database file for the journal's and the snapshot store's reads, each set up
/// once and keeping the statements it prepared. An entity that wakes (every user of a reconnect storm
/// after a restart) reads its snapshot, its highest sequence number and its events; on a connection
/// from Microsoft.Data.Sqlite's pool each of those reads first ran the per-connection PRAGMAs again
/// (a pooled connection may come back set up by another user of its file) and prepared its statement anew.
/// A connection whose read failed is closed rather than kept, since its state is not known.
/// </summary>
internal sealed class SqliteReadConnections(string connectionString, Action<SqliteConnection> configure) : IDisposable
{
    /// <summary>Idle connections kept; more are opened while reads overlap and closed when they end.</summary>
    private const int KeptIdle = 8;

    // These connections are kept here, so Microsoft.Data.Sqlite's pool adds nothing; through it, a
    // connection let go after the server had cleared the pool (a read ending as the plugin stops) would
    // stay open in the pool, holding the file, until some later clear of all pools.
    private readonly string _unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private readonly Stack<ReadConnection> _idle = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    public T Read<T>(Func<ReadConnection, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var connection = Take();
        T result;
        try
        {
            result = read(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        Give(connection);
        return result;
    }

    public void Read(Action<ReadConnection> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        Read(connection =>
        {
            read(connection);
            return true;
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }

    private ReadConnection Take()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }

        var connection = new SqliteConnection(_unpooled);
        try
        {
            connection.Open();
            configure(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new ReadConnection(connection);
    }

    private void Give(ReadConnection connection)
    {
        lock (_gate)
        {
            if (!_disposed && _idle.Count < KeptIdle)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }
}
