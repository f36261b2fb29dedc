using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The journal's one writer, on a thread and a connection of its own: every write waiting when a
/// transaction starts goes into it (group commit), and each write's task completes only once the
/// commit is on disk (synchronous=FULL). The insert is prepared once and run through SQLite's own
/// API (<see cref="PreparedStatement"/>). A transaction that fails is taken
/// apart and each write in it tried alone, so one bad write (a sequence number already stored) fails
/// only its own persistent actor. Deletions go through the same queue, so they are ordered with the
/// writes of the same stream. A busy writer waits briefly for the streams it just stored before it
/// starts the next transaction (<see cref="Linger"/>), so they share one commit instead of taking turns.
/// </summary>
internal sealed class SqliteJournalWriter : IDisposable
{
    /// <summary>Writes per transaction at most: bounds how long one commit holds the file.</summary>
    private const int MaxWorkPerTransaction = 1_000;

    /// <summary>How long a busy writer waits for the streams it just stored (see <see cref="Linger"/>).</summary>
    private static readonly TimeSpan LingerAtMost = TimeSpan.FromMilliseconds(1);

    private readonly SqliteConnection _connection;
    private readonly PreparedStatement _insert;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private List<Work> _incoming = [];
    private List<Work> _working = [];
    private bool _stopping;

    // Group commit that waits for the streams it just stored (see Linger).
    private int _lastWrites;
    private TimeSpan _lastCommit;
    private int _awaited = int.MaxValue;

    public SqliteJournalWriter(string connectionString, bool autoCheckpoint)
    {
        // Out of the pool: held for the writer's whole life.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        _connection.Open();
        SqliteJournalConnections.Configure(_connection, waitForDisk: true, autoCheckpoint: autoCheckpoint);
        using (var schema = _connection.CreateCommand())
        {
            schema.CommandText = SqliteJournalSchema.Create;
            schema.ExecuteNonQuery();
        }

        _insert = new PreparedStatement(_connection, "INSERT INTO event_journal (timestamp, is_deleted, persistence_id, sequence_nr, payload, manifest, serializer_id) VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6);");
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-journal-writer" };
        _thread.Start();
    }

    /// <summary>A row of the journal table as the writer stores it.</summary>
    internal sealed record Row(string PersistenceId, long SequenceNr, long Timestamp, byte[] Payload, string Manifest, int SerializerId, IReadOnlyCollection<string> Tags);

    /// <summary>Stores the rows in one transaction; completes once they are on disk.</summary>
    public Task Append(IReadOnlyList<Row> rows) => Enqueue(new AppendWork(rows));

    /// <summary>Akka.Persistence.Sql's deletion: rows up to the number go, except the stream's highest, which stays marked deleted.</summary>
    public Task Delete(string persistenceId, long toSequenceNr) => Enqueue(new DeleteWork(persistenceId, toSequenceNr));

    private Task Enqueue(Work work)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return Task.FromException(new ObjectDisposedException(nameof(SqliteJournalWriter)));
            }

            _incoming.Add(work);
            if (_incoming.Count == 1 || _incoming.Count == _awaited)
            {
                Monitor.Pulse(_gate);
            }
        }

        return work.Done.Task;
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                var busy = _incoming.Count > 0;
                while (_incoming.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (busy)
                {
                    Linger();
                }

                if (_incoming.Count == 0)
                {
                    return;
                }

                (_incoming, _working) = (_working, _incoming);
            }

            var committing = Stopwatch.GetTimestamp();
            for (var start = 0; start < _working.Count; start += MaxWorkPerTransaction)
            {
                Commit(_working, start, Math.Min(MaxWorkPerTransaction, _working.Count - start));
            }

            _lastCommit = Stopwatch.GetElapsedTime(committing);
            _lastWrites = _working.Count;
            _working.Clear();
        }
    }

    /// <summary>
    /// Called with writes already waiting as a commit ends. Each persistent actor has one write in
    /// flight: the streams just stored send their next write a moment after their commit, once their
    /// replies went out, and would find the next transaction already started with the others, so
    /// the streams split into two groups that take turns, a transaction each, paying two commits per
    /// round. Waiting up to a millisecond for them (no longer than the commit it saves took, and only
    /// while writes are already waiting: a lone write commits at once) lets every busy stream into
    /// each transaction. Nothing is acknowledged before its commit, as before.
    /// </summary>
    private void Linger()
    {
        if (_stopping || _lastWrites == 0 || _lastCommit < LingerAtMost)
        {
            return;
        }

        _awaited = _incoming.Count + _lastWrites;
        Monitor.Wait(_gate, LingerAtMost);
        _awaited = int.MaxValue;
    }

    private void Commit(List<Work> work, int start, int count)
    {
        try
        {
            InTransaction(work, start, count);
        }
        catch (Exception) when (count > 1)
        {
            for (var i = start; i < start + count; i++)
            {
                Commit(work, i, 1);
            }

            return;
        }
        catch (Exception ex)
        {
            work[start].Done.TrySetException(ex);
            return;
        }

        for (var i = start; i < start + count; i++)
        {
            work[i].Done.TrySetResult();
        }
    }

    private void InTransaction(List<Work> work, int start, int count)
    {
        using var tx = _connection.BeginTransaction();
        for (var i = start; i < start + count; i++)
        {
            switch (work[i])
            {
                case AppendWork append:
                    foreach (var row in append.Rows)
                    {
                        Insert(row, tx);
                    }

                    break;
                case DeleteWork delete:
                    DeleteUpTo(delete, tx);
                    break;
            }
        }

        tx.Commit();
    }

    private void Insert(Row row, SqliteTransaction tx)
    {
        _insert.Bind(1, row.Timestamp).Bind(2, row.PersistenceId).Bind(3, row.SequenceNr).Bind(4, row.Payload).Bind(5, row.Manifest).Bind(6, row.SerializerId).Run();
        if (row.Tags.Count == 0)
        {
            return;
        }

        using var tags = _connection.CreateCommand();
        tags.Transaction = tx;
        tags.CommandText = "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (last_insert_rowid(), $tag, $s, $p);";
        var tag = tags.Parameters.Add("$tag", SqliteType.Text);
        tags.Parameters.AddWithValue("$s", row.SequenceNr);
        tags.Parameters.AddWithValue("$p", row.PersistenceId);
        foreach (var value in row.Tags)
        {
            tag.Value = value;
            tags.ExecuteNonQuery();
        }
    }

    private void DeleteUpTo(DeleteWork delete, SqliteTransaction tx)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            UPDATE event_journal SET is_deleted = 1 WHERE persistence_id = $p AND sequence_nr <= $to;
            DELETE FROM event_journal WHERE persistence_id = $p AND sequence_nr <= $to
              AND sequence_nr < (SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = $p AND is_deleted = 1);
            DELETE FROM tags WHERE persistence_id = $p AND sequence_nr <= $to;
            """;
        command.Parameters.AddWithValue("$p", delete.PersistenceId);
        command.Parameters.AddWithValue("$to", delete.ToSequenceNr);
        command.ExecuteNonQuery();
    }

    /// <summary>Stores what is queued, then closes the connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _insert.Dispose();
        _connection.Dispose();
    }

    private abstract class Work
    {
        // Completed on the writer thread: the journal's continuation only sends replies.
        public TaskCompletionSource Done { get; } = new();
    }

    private sealed class AppendWork(IReadOnlyList<Row> rows) : Work
    {
        public IReadOnlyList<Row> Rows { get; } = rows;
    }

    private sealed class DeleteWork(string persistenceId, long toSequenceNr) : Work
    {
        public string PersistenceId { get; } = persistenceId;

        public long ToSequenceNr { get; } = toSequenceNr;
    }
}
