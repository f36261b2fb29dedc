using System.Diagnostics;
using System.Net.Sockets;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Npgsql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// One PostgreSQL database shared by every node: its connection pools, the schema, and the retry every
/// read-model call goes through, so a database that restarts or drops its connections costs a short
/// wait, and one that stays away a clear <c>unavailable</c> error instead of a hang.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString, PostgresSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Settings = settings ?? new PostgresSettings();
        var given = new NpgsqlConnectionStringBuilder(connectionString);
        Name = $"PostgreSQL database {given.Database} on {given.Host}:{given.Port}";
        ConnectionString = Tuned(given, Settings.PoolSize).ConnectionString;
        JournalConnectionString = Tuned(new NpgsqlConnectionStringBuilder(connectionString), Settings.JournalPoolSize).ConnectionString;
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public PostgresSettings Settings { get; }

    /// <summary>Database and host, never the password.</summary>
    public string Name { get; }

    /// <summary>For the read model and the server's own work.</summary>
    public string ConnectionString { get; }

    /// <summary>For Akka's journal, snapshot store and queries (a pool of their own).</summary>
    public string JournalConnectionString { get; }

    /// <summary>Creates the schema if it is missing, once, under an advisory lock (see <see cref="PostgresSchema"/>).</summary>
    public void Initialize()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var connection = _dataSource.OpenConnection();
                Execute(connection, $"SELECT pg_advisory_lock({PostgresSchema.LockKey});");
                try
                {
                    using var tx = connection.BeginTransaction();
                    Execute(connection, PostgresSchema.Akka + PostgresSchema.ReadModel + PostgresSchema.Cluster);
                    tx.Commit();
                }
                finally
                {
                    Execute(connection, $"SELECT pg_advisory_unlock({PostgresSchema.LockKey});");
                }

                return;
            }
            catch (Exception ex) when (IsTransient(ex) && deadline.Elapsed < Settings.RetryFor + Settings.ConnectTimeout)
            {
                Thread.Sleep(500);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or IOException)
            {
                // Gone for good, or refused outright (no such database, wrong password): the reason, no trace.
                throw new StorageUnavailableException($"The {Name} cannot be used: {ex.Message}", ex);
            }
        }
    }

    /// <summary>One trivial query, not retried: for the health endpoints, which want to know now.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A connection from the pool, opened; retried while the database is away (see <see cref="RunAsync{T}"/>).</summary>
    public NpgsqlConnection OpenConnection() => _dataSource.OpenConnection();

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection. A lost or refused connection is retried with
    /// short pauses for up to <see cref="PostgresSettings.RetryFor"/>; after that the caller gets an
    /// <c>unavailable</c> error. <paramref name="work"/> must be safe to run again (a transaction that
    /// failed rolled back, so each attempt starts from the same state).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var started = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await work(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (started.Elapsed + pause > Settings.RetryFor)
                {
                    throw new MessengerException(ErrorCodes.Unavailable, "The database cannot be reached; try again shortly.");
                }

                // A broken connection must not go back to the pool for the next attempt.
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    public Task RunAsync(Func<NpgsqlConnection, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync<bool>(
            async (connection, ct) =>
            {
                await work(connection, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Whether trying again may help: the connection broke or could not be made, the server is starting or shutting down.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03" or "08006" or "08001" or "08004",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or IOException => true,
        _ => false,
    };

    public void Dispose() => _dataSource.Dispose();

    private NpgsqlConnectionStringBuilder Tuned(NpgsqlConnectionStringBuilder builder, int poolSize)
    {
        builder.MaxPoolSize = Math.Max(1, poolSize);
        builder.Timeout = Math.Max(1, (int)Settings.ConnectTimeout.TotalSeconds);
        builder.CommandTimeout = Math.Max(1, (int)Settings.CommandTimeout.TotalSeconds);
        return builder;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
