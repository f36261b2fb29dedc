using System.Runtime.InteropServices;

namespace ActorMessenger.Persistence;

/// <summary>
/// The data directory holds password hashes, messages, attachments, backups and the signing key: on
/// Unix everything in it is for the server's user only (folders 0700, files 0600). New files get it from
/// the process's umask (SQLite's databases and logs, uploads, backups alike); files made before, or put
/// there by hand, are fixed at each start. Nothing to do on Windows, where the folder's ACL is inherited.
/// </summary>
public static partial class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Whatever the process creates from now on is readable by its user only (umask 077).</summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = NativeMethods.umask(Convert.ToUInt32("077", 8));
        }
    }

    /// <summary>Makes a folder and everything below it private; symbolic links are left alone (and not followed).</summary>
    public static void MakePrivate(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        Set(folder, FolderMode);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
        {
            Set(entry.FullName, entry is DirectoryInfo ? FolderMode : FileMode);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Set(string path, UnixFileMode mode)
    {
        try
        {
            if (File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Gone meanwhile (a write-ahead log folded away): nothing to protect.
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
#pragma warning disable SA1300, IDE1006 // The C library's name.
        public static extern uint umask(uint mask);
#pragma warning restore SA1300, IDE1006
    }
}
