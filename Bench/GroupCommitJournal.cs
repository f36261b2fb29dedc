using System.Threading.Channels;
using ActorMessenger.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Bench;

/// <summary>The journal's table as the bench's SQLite baselines write it: the same columns and unique index as Akka.Persistence.Sql's.</summary>
public static class JournalShape
{
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS event_journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL,
          is_deleted INTEGER NOT NULL, manifest TEXT NOT NULL, timestamp INTEGER NOT NULL, payload BLOB NOT NULL, tags TEXT,
          serializer_id INTEGER, UNIQUE (persistence_id, sequence_nr));
        """;

    public const string Insert = "INSERT INTO event_journal (persistence_id, sequence_nr, is_deleted, manifest, timestamp, payload, tags, serializer_id) VALUES ($p, $s, 0, 'chat.message-posted.v1', $t, $b, NULL, 4117);";

    /// <summary>A connection that waits for the disk on every commit, as the server's journal does; checkpoints left to SQLite unless another connection does them.</summary>
    public static SqliteConnection OpenDurable(string path, bool checkpointedElsewhere = false)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=" + (checkpointedElsewhere ? "0;" : "1000;") + CreateTable;
        setup.ExecuteNonQuery();
        return connection;
    }
}

/// <summary>
/// B1d's storage: the least a server that never loses an acknowledged message does. One writer
/// appends every message waiting when its transaction starts (group commit) to a table of the
/// journal's shape, commits with the WAL fsync, and only then completes each message's task. The
/// log is checkpointed beside the writer by the server's own <see cref="WalCheckpointer"/>, as the
/// server's journal is.
/// </summary>
public sealed class GroupCommitJournal : IAsyncDisposable
{
    private readonly Channel<(string Stream, byte[] Payload, TaskCompletionSource Stored)> _queue =
        Channel.CreateUnbounded<(string, byte[], TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly SqliteConnection _connection;
    private readonly WalCheckpointer _checkpointer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private readonly Task _checkpoints;

    // Sequence numbers per stream: only the writer touches them.
    private readonly Dictionary<string, long> _sequences = [];

    public GroupCommitJournal(string path)
    {
        _connection = JournalShape.OpenDurable(path, checkpointedElsewhere: true);
        _checkpointer = new WalCheckpointer($"Data Source={path}");
        _checkpoints = _checkpointer.RunAsync(ex => Console.Error.WriteLine($"checkpoint failed: {ex.Message}"), _stop.Token);
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Completes once the payload is committed to disk.</summary>
    public Task Append(string stream, byte[] payload)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((stream, payload, stored)))
        {
            stored.SetException(new ObjectDisposedException(nameof(GroupCommitJournal)));
        }

        return stored.Task;
    }

    /// <summary>On a thread of its own, blocking while it waits or commits, as a journal's writer does.</summary>
    private void WriteLoop()
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = JournalShape.Insert;
        var p = insert.Parameters.Add("$p", SqliteType.Text);
        var s = insert.Parameters.Add("$s", SqliteType.Integer);
        var t = insert.Parameters.Add("$t", SqliteType.Integer);
        var b = insert.Parameters.Add("$b", SqliteType.Blob);
        insert.Prepare();
        var batch = new List<TaskCompletionSource>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            using (var tx = _connection.BeginTransaction())
            {
                insert.Transaction = tx;
                while (_queue.Reader.TryRead(out var item))
                {
                    var seq = _sequences[item.Stream] = _sequences.GetValueOrDefault(item.Stream) + 1;
                    p.Value = item.Stream;
                    s.Value = seq;
                    t.Value = DateTime.UtcNow.Ticks;
                    b.Value = item.Payload;
                    insert.ExecuteNonQuery();
                    batch.Add(item.Stored);
                }

                tx.Commit();
            }

            foreach (var stored in batch)
            {
                stored.SetResult();
            }

            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _checkpoints.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _checkpointer.Dispose();
        _connection.Dispose();
        _stop.Dispose();
    }
}
