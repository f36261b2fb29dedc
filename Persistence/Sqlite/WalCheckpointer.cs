using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// Checkpoints the journal's write-ahead log from a connection of its own, so that journal commits
/// never do it. Left to SQLite, the commit that takes the log past 1,000 pages copies them into the
/// database file and waits for its fsync, and every chat's next write waits behind that one writer:
/// with checkpoints out of the commits the S1 benchmark passes 6,000 msg/s (p99 about 90–150 ms)
/// where it failed at 830–1,460 ms. A passive checkpoint runs beside the writer; once the log has grown
/// past <see cref="DefaultRestartAfterPages"/> (writes kept landing while the passive ones ran) a restart
/// checkpoint, which holds writers back for a moment, lets the log start over from its beginning.
/// </summary>
public sealed class WalCheckpointer : IDisposable
{
    /// <summary>Between rounds: short, so each copies little and none holds the disk for long.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>About 64 MB of log with 4 KiB pages.</summary>
    public const int DefaultRestartAfterPages = 16_384;

    /// <summary>A restart checkpoint waits at most this long for readers and the writer; it is tried again next round.</summary>
    private const int RestartWaitMs = 50;

    private readonly SqliteConnection _connection;
    private readonly int _restartAfterPages;

    public WalCheckpointer(string connectionString, int restartAfterPages = DefaultRestartAfterPages)
    {
        _restartAfterPages = restartAfterPages;
        // Its own connection, out of the pool: the short busy timeout must not reach a journal writer.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        _connection.Open();
        using var wait = _connection.CreateCommand();
        wait.CommandText = $"PRAGMA busy_timeout={RestartWaitMs};";
        wait.ExecuteNonQuery();
        _connection.DefaultTimeout = 1;
    }

    /// <summary>Checkpoints every <see cref="Interval"/> until cancelled; a failed round is reported and the next one tried.</summary>
    public async Task RunAsync(Action<Exception> onError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onError);
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                CheckpointOnce();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never ends the loop: without it the log would only grow.
                onError(ex);
            }
        }
    }

    /// <summary>One round: a passive checkpoint, then a restart one if the log has grown long.</summary>
    public WalCheckpoint CheckpointOnce()
    {
        var passive = Checkpoint("PASSIVE");
        return passive.LogPages < _restartAfterPages ? passive : Checkpoint("RESTART");
    }

    /// <summary>
    /// Copies the whole log into the database and truncates it to nothing, so that no old page image
    /// stays in the log file (redaction). Waits for readers and writers as a restart checkpoint does.
    /// </summary>
    public WalCheckpoint Truncate()
    {
        Checkpoint("PASSIVE");
        return Checkpoint("TRUNCATE");
    }

    public void Dispose() => _connection.Dispose();

    private WalCheckpoint Checkpoint(string mode)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new WalCheckpoint(reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
    }
}

/// <summary>What <c>PRAGMA wal_checkpoint</c> answered: whether it was held back, pages in the log, pages copied so far.</summary>
public sealed record WalCheckpoint(bool Busy, int LogPages, int CheckpointedPages);
