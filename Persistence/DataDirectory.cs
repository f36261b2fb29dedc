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
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(ex);
        }
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
        catch (IOException ex) when (IsLockHeld(ex))
        {
            throw new DataDirectoryInUseException($"Another ActorMessenger server is using the data directory {Path}. Stop it, or give this one its own --data-dir.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(ex);
        }
    }

    /// <summary>A sharing or lock violation (Windows' codes 32 and 33; EWOULDBLOCK on Linux and macOS), not a disk that refuses writes.</summary>
    private static bool IsLockHeld(IOException ex) =>
        (ex.HResult & 0xFFFF) is 32 or 33 or 11 or 35 || ex.Message.Contains("being used by another process", StringComparison.Ordinal);

    private DataUnusableException Unwritable(Exception ex) =>
        new($"The data directory {Path} cannot be created or written ({ex.Message.TrimEnd('.')}). Choose another with --data-dir PATH, "
            + $"or let the user {Environment.UserName} write to it.", ex);
}

/// <summary>The data directory or a database in it cannot be used; the message says what to do.</summary>
public sealed class DataUnusableException(string message, Exception inner) : Exception(message, inner);

/// <summary>Another server holds the data directory's lock; the message says what to do.</summary>
public sealed class DataDirectoryInUseException(string message, Exception inner) : InvalidOperationException(message, inner);
