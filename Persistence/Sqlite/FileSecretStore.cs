using System.Runtime.InteropServices;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>Secrets as files in the data directory (base64, readable by the server's user only).</summary>
public sealed class FileSecretStore(DataDirectory dataDirectory) : ISecretStore
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS

    public byte[] GetOrCreate(string name, Func<byte[]> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var path = dataDirectory.File(name);
        if (File.Exists(path))
        {
            return Read(path);
        }

        // Written aside and then given its name only if the name is free: a second writer never
        // replaces the first one's secret, and no reader ever sees a half-written file.
        var aside = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(aside, Convert.ToBase64String(create()));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Place(aside, path);
        }
        finally
        {
            File.Delete(aside);
        }

        return Read(path);
    }

    /// <summary>Gives the file its name unless the name is taken (then the file there stands).</summary>
    private static void Place(string aside, string path)
    {
        // On Linux, File.Move without overwrite did not keep two starts at once apart: both "won" and the
        // storage contract saw two secrets. link(2) fails if the name exists.
        if (!OperatingSystem.IsWindows())
        {
            if (NativeMethods.link(aside, path) == 0)
            {
                return;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == AlreadyExists)
            {
                return;
            }

            // A file system without hard links: the move below is the best left.
        }

        try
        {
            File.Move(aside, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another writer got there first: theirs stands.
        }
    }

    private static byte[] Read(string path) => Convert.FromBase64String(File.ReadAllText(path).Trim());

    private static class NativeMethods
    {
#pragma warning disable SA1300, IDE1006, CA5392, CA2101 // The C library's name; libc is found by name on every Unix; paths go as UTF-8 (MarshalAs), which CA2101 does not know.
        [DllImport("libc", SetLastError = true)]
        public static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
#pragma warning restore SA1300, IDE1006, CA5392, CA2101
    }
}
