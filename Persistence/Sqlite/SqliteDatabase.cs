using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The SQLite files of a data directory. <c>messenger.db</c> holds the journal, <c>snapshots.db</c>
/// the snapshots, and <c>history.db</c> the read model built from the journal: message history,
/// the update feed, full-text search, the channel catalog and attachment metadata. They are apart
/// because SQLite takes one writer per file: in one file the journal, the snapshot store and the
/// history writer queued behind each other's locks (SQLite's busy handler sleeps up to 100 ms),
/// and that set the latency of every message.
/// </summary>
public sealed class SqliteDatabase
{
    public SqliteDatabase(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        JournalFile = Path.Combine(directory, DataDirectory.JournalFileName);
        SnapshotFile = Path.Combine(directory, DataDirectory.SnapshotFileName);
        ReadModelFile = Path.Combine(directory, DataDirectory.ReadModelFileName);
        FilesDirectory = Path.Combine(directory, DataDirectory.FilesFolderName);
        JournalConnectionString = ConnectionStringFor(JournalFile);
        SnapshotConnectionString = ConnectionStringFor(SnapshotFile);
        ReadModelConnectionString = ConnectionStringFor(ReadModelFile);
    }

    public string JournalFile { get; }

    public string SnapshotFile { get; }

    public string ReadModelFile { get; }

    /// <summary>Uploaded files, one per attachment id.</summary>
    public string FilesDirectory { get; }

    /// <summary>For the Akka.Persistence.Sql journal (and its queries).</summary>
    public string JournalConnectionString { get; }

    /// <summary>For the Akka.Persistence.Sql snapshot store.</summary>
    public string SnapshotConnectionString { get; }

    public string ReadModelConnectionString { get; }

    /// <summary>
    /// Creates the files if needed, switches them to WAL (persisted in the file, so once is
    /// enough) and creates the read model's tables. Runs before the actor system starts.
    /// </summary>
    public void Initialize()
    {
        foreach (var (file, akkaOwned) in new[] { (JournalFile, JournalConnectionString), (SnapshotFile, SnapshotConnectionString) })
        {
            Opening(file, () =>
            {
                using var connection = Open(akkaOwned);
                Execute(connection, "PRAGMA journal_mode=WAL;");
            });
        }

        Opening(JournalFile, () =>
        {
            using var journal = OpenJournal();
            Execute(journal, SqliteJournalSchema.Create);
            Execute(journal, SqliteJournalRedactor.ProgressSchema);
        });

        Opening(ReadModelFile, () =>
        {
            using var readModel = Open();
            Execute(readModel, "PRAGMA journal_mode=WAL;");
            Execute(readModel, SqliteMessageHistoryStore.Schema);
            Execute(readModel, SqliteAttachmentStore.Schema);

            // Deleting a row from the search index removes its words from the index itself, not only
            // marks them deleted until segments merge (the setting is kept in the table).
            Execute(readModel, "INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);");
            Migrate(readModel);
        });
    }

    /// <summary>A file SQLite cannot read or write stops the start with a sentence that says what to do.</summary>
    private static void Opening(string file, Action open)
    {
        try
        {
            open();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB)
        {
            throw new DataUnusableException(
                $"The database {file} is damaged ({ex.Message.TrimEnd('.')}). Restore the newest backup (start.sh --restore backups/messenger_backup_….zip, "
                + "see README, \"Data\"), or move the data directory aside and start afresh.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_PERM or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_FULL)
        {
            throw new DataUnusableException(
                $"The database {file} cannot be opened for writing ({ex.Message.TrimEnd('.')}). Check that the disk has room and that the user "
                + $"{Environment.UserName} may write to {Path.GetDirectoryName(file)}, or choose another data directory with --data-dir PATH.", ex);
        }
    }

    /// <summary>
    /// Closes the pooled connections to the three files (the last close folds each write-ahead log
    /// into its database): a stopped server leaves its files complete and holds none of them open.
    /// </summary>
    public void ClosePools()
    {
        foreach (var connectionString in new[] { JournalConnectionString, SnapshotConnectionString, ReadModelConnectionString })
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>A connection to the read model; its commits wait for the disk (attachment metadata has no other copy).</summary>
    public SqliteConnection Open() => Open(ReadModelConnectionString);

    /// <summary>
    /// A connection for the history projection. It commits without waiting for the disk
    /// (synchronous=NORMAL; WAL keeps the file consistent): what a power cut takes from it is still
    /// in the journal and in the chats, which re-project everything past the store's last update
    /// when they start. The journal itself keeps full sync: an acknowledged message is on disk.
    /// </summary>
    public SqliteConnection OpenForProjection() => Open(ReadModelConnectionString, waitForDisk: false);

    /// <summary>A connection to the journal file, for work beside Akka's own (redaction).</summary>
    public SqliteConnection OpenJournal() => Open(JournalConnectionString);

    /// <summary>A connection to the snapshot file, for work beside Akka's own (redaction).</summary>
    public SqliteConnection OpenSnapshots() => Open(SnapshotConnectionString);

    private static SqliteConnection Open(string connectionString, bool waitForDisk = true)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();

        // Set on every open: a pooled connection keeps what its previous user set.
        SqliteJournalConnections.Configure(connection, waitForDisk);
        return connection;
    }

    /// <summary>Brings a read model written by an older server up to date, once (its user_version says how far it is).</summary>
    private static void Migrate(SqliteConnection readModel)
    {
        using var version = readModel.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        if (Convert.ToInt64(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) < 1)
        {
            using var tx = readModel.BeginTransaction();
            using var command = readModel.CreateCommand();
            command.Transaction = tx;
            command.CommandText = SqliteAttachmentStore.Migration + "PRAGMA user_version = 1;";
            command.ExecuteNonQuery();
            tx.Commit();
        }
    }

    private static string ConnectionStringFor(string file) => new SqliteConnectionStringBuilder
    {
        DataSource = file,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
