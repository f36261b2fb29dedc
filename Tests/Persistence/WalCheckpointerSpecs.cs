using ActorMessenger.Persistence.Sqlite;
using ActorMessenger.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ActorMessenger.Tests.Persistence;

public sealed class WalCheckpointerSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteDatabase _database;

    public WalCheckpointerSpecs()
    {
        _database = new SqliteDatabase(_dir.Path);
        _database.Initialize();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_writer_that_leaves_checkpoints_to_the_checkpointer_does_none_and_the_checkpointer_copies_the_whole_log()
    {
        using var writer = OpenWriter();
        Write(writer, rows: 1_500);

        // Over SQLite's own 1,000-page threshold, yet nothing was copied in a commit.
        var walPages = new FileInfo(_database.JournalFile + "-wal").Length / 4096;
        Assert.True(walPages > 1_000, $"the log has {walPages} pages");

        using var checkpointer = new WalCheckpointer(_database.JournalConnectionString);
        var round = checkpointer.CheckpointOnce();
        Assert.False(round.Busy);
        Assert.True(round.LogPages > 1_000);
        Assert.Equal(round.LogPages, round.CheckpointedPages);

        // Everything was copied, so the next commit starts the log over.
        Write(writer, rows: 1);
        Assert.True(checkpointer.CheckpointOnce().LogPages < 10);
        Assert.Equal(1_501, Count(writer));
    }

    [Fact]
    public void A_long_log_held_by_a_reader_is_restarted_once_the_reader_is_done_and_is_not_waited_for()
    {
        using var writer = OpenWriter();
        Write(writer, rows: 10);
        using var checkpointer = new WalCheckpointer(_database.JournalConnectionString, restartAfterPages: 50);
        checkpointer.CheckpointOnce();

        // A reader keeps its snapshot while more is written: the log cannot start over under it.
        using var reader = new SqliteConnection(_database.JournalConnectionString);
        reader.Open();
        using var snapshot = reader.BeginTransaction(deferred: true);
        Assert.Equal(10, Count(reader, snapshot));
        Write(writer, rows: 200);

        // The reader still holds its snapshot: the checkpoint reports busy and leaves, to be tried next round.
        var held = checkpointer.CheckpointOnce();
        Assert.True(held.Busy);
        Assert.True(held.LogPages >= 50);

        snapshot.Commit();
        var restarted = checkpointer.CheckpointOnce();
        Assert.False(restarted.Busy);
        Assert.Equal(restarted.LogPages, restarted.CheckpointedPages);
        Write(writer, rows: 1);
        Assert.True(checkpointer.CheckpointOnce().LogPages < 10);
        Assert.Equal(211, Count(writer));
    }

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_database.JournalConnectionString);
        connection.Open();
        SqliteJournalConnections.Configure(connection, autoCheckpoint: false);
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);";
        create.ExecuteNonQuery();
        return connection;
    }

    /// <summary>One transaction per row, as the journal commits: each adds its pages to the log.</summary>
    private static void Write(SqliteConnection connection, int rows)
    {
        var payload = new byte[3_000];
        for (var i = 0; i < rows; i++)
        {
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO rows (payload) VALUES ($p);";
            insert.Parameters.AddWithValue("$p", payload);
            insert.ExecuteNonQuery();
            tx.Commit();
        }
    }

    private static long Count(SqliteConnection connection, SqliteTransaction? tx = null)
    {
        using var count = connection.CreateCommand();
        count.Transaction = tx;
        count.CommandText = "SELECT COUNT(*) FROM rows;";
        return (long)count.ExecuteScalar()!;
    }
}
