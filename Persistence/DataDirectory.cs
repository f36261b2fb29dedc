namespace ActorMessenger.Persistence;

/// <summary>Where the server keeps its files: the databases, the signing key, uploads and backups.</summary>
public sealed class DataDirectory
{
    /// <summary>The journal (see <see cref="Sqlite.SqliteDatabase"/>).</summary>
    public const string JournalFileName = "messenger.db";

    public const string SnapshotFileName = "snapshots.db";

    /// <summary>The read model: history, update feed, search, catalog, attachment metadata.</summary>
    public const string ReadModelFileName = "history.db";

    /// <summary>Uploaded files, named by their attachment id.</summary>
    public const string FilesFolderName = "files";

    /// <summary>ASP.NET Core data-protection keys.</summary>
    public const string KeysFolderName = "keys";

    /// <summary>The token signing key.</summary>
    public const string SigningKeyFileName = "signing.key";

    /// <summary>Where backups go unless configured elsewhere.</summary>
    public const string BackupsFolderName = "backups";

    public DataDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Holds <c>server.lock</c> for as long as the server runs: two servers on one data directory
    /// would each think they own every chat, and interleave their sequence numbers.
    /// </summary>
    public IDisposable Lock()
    {
        try
        {
            return new FileStream(File("server.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new DataDirectoryInUseException($"Another ActorMessenger server is using the data directory {Path}. Stop it, or give this one its own --data-dir.", ex);
        }
    }
}

/// <summary>Another server holds the data directory's lock; the message says what to do.</summary>
public sealed class DataDirectoryInUseException(string message, Exception inner) : InvalidOperationException(message, inner);
