using ActorMessenger.Persistence;

namespace ActorMessenger.Admin.Backups;

/// <summary>
/// <c>--restore FILE</c>: run before the server opens anything in its data directory (whose lock the
/// caller holds). The backup is unpacked and checked in a staging folder first; only a backup that
/// passes every check replaces anything. The data it replaces is moved, not deleted, into
/// <c>replaced_YYYYMMDD_HHMMSS/</c> in the data directory; everything else there (backups, earlier
/// replaced folders) stays.
/// </summary>
public sealed class BackupRestorer(DataDirectory data, IDataBackup databases, TimeProvider clock)
{
    public const string Switch = "--restore";

    /// <summary>What else a backup puts back besides the databases; the same names the writer takes.</summary>
    private static readonly string[] DataItems = [DataDirectory.FilesFolderName, DataDirectory.KeysFolderName, DataDirectory.SigningKeyFileName];

    /// <summary>The file after <c>--restore</c> (or <c>--restore=FILE</c>), or null when the switch is absent.</summary>
    public static string? RequestedIn(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith(Switch + "=", StringComparison.Ordinal))
            {
                return args[i][(Switch.Length + 1)..];
            }

            if (args[i] == Switch)
            {
                return i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[i + 1]
                    : throw new BackupRefusedException("--restore needs the backup file: --restore PATH.");
            }
        }

        return null;
    }

    /// <summary>Checks the backup, then swaps it in; <see cref="BackupRefusedException"/> (nothing changed) if it is not sound.</summary>
    public RestoreResult Restore(string backupFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupFile);
        var zip = Path.GetFullPath(backupFile);
        if (!File.Exists(zip))
        {
            throw new BackupRefusedException($"There is no backup file at {zip}.");
        }

        var staging = data.File($".restore-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            var manifest = BackupArchiveReader.Unpack(zip, staging, databases.Storage);
            if (databases.Check(staging) is { } problem)
            {
                throw new BackupRefusedException(problem);
            }

            var aside = data.File(BackupRules.ReplacedFolderFor(clock.GetLocalNow(), n => Path.Exists(data.File(n))));
            Swap(staging, aside);
            return new RestoreResult(manifest, Directory.Exists(aside) ? aside : null);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private void Swap(string staging, string aside)
    {
        var moved = new List<(string From, string To)>();
        try
        {
            foreach (var item in DataItems.Where(i => Path.Exists(data.File(i))))
            {
                Directory.CreateDirectory(aside);
                Move(data.File(item), Path.Combine(aside, item), moved);
            }

            foreach (var item in DataItems.Where(i => Path.Exists(Path.Combine(staging, i))))
            {
                Move(Path.Combine(staging, item), data.File(item), moved);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(data.File(DataDirectory.SigningKeyFileName)))
            {
                File.SetUnixFileMode(data.File(DataDirectory.SigningKeyFileName), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            // Last: it undoes its own moves if it fails, and ours are undone below.
            databases.Replace(staging, aside);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            foreach (var (from, to) in Enumerable.Reverse(moved))
            {
                Move(to, from, []);
            }

            throw new BackupRefusedException($"The restored files could not be put in place ({ex.Message}); the data directory was put back as it was.");
        }
    }

    private static void Move(string from, string to, List<(string From, string To)> moved)
    {
        // Renames within one volume: nothing is copied, and nothing half-moved.
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }

        moved.Add((from, to));
    }
}

/// <summary>What a restore brought back, and where the data it replaced went (null if the directory held none).</summary>
public sealed record RestoreResult(BackupManifest Manifest, string? ReplacedFolder);
