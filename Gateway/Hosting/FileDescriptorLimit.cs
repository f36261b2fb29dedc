using System.Runtime.InteropServices;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Every connection costs a file descriptor, and running out of them takes everything down with it
/// (databases and files cannot be opened either). On Linux the process's soft limit is raised to its
/// hard limit at start where allowed, and the connection caps are sized below whatever it ends up at.
/// </summary>
public static partial class FileDescriptorLimit
{
    private const int RlimitNofile = 7;

    /// <summary>Raises the soft limit to the hard one on Linux; returns the soft limit in force (null where unknown).</summary>
    public static long? Raise()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            if (NativeMethods.getrlimit(RlimitNofile, out var limit) != 0)
            {
                return null;
            }

            if (limit.Current < limit.Maximum)
            {
                var raised = limit with { Current = limit.Maximum };
                if (NativeMethods.setrlimit(RlimitNofile, in raised) == 0)
                {
                    return (long)Math.Min(raised.Current, long.MaxValue);
                }
            }

            return (long)Math.Min(limit.Current, long.MaxValue);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Descriptors the process holds now (Linux; null elsewhere).</summary>
    public static long? OpenNow()
    {
        try
        {
            return OperatingSystem.IsLinux() ? Directory.GetFileSystemEntries("/proc/self/fd").Length : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The most connections to take: the setting if given (and below the room), else what the limit
    /// leaves after the descriptors already open and a reserve for what the server opens later
    /// (assemblies, database connections, files being sent or received, backups, the cluster). At the
    /// limit itself Kestrel's accept loop retries a failing accept without pause and the runtime dies
    /// of "Out of memory." (seen with a lowered limit), so the cap must keep connections well below it.
    /// </summary>
    public static long ConnectionCap(long? descriptors, long? openNow, long configured)
    {
        const long leastReserve = 512;
        const long most = 50_000;
        var room = descriptors is { } limit ? limit - (openNow ?? 0) : long.MaxValue;
        var cap = room == long.MaxValue ? most : Math.Max(16, room - Math.Max(leastReserve, room / 4));
        return configured > 0 ? Math.Min(configured, cap) : Math.Min(cap, most);
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Rlimit(ulong Current, ulong Maximum);

    private static class NativeMethods
    {
#pragma warning disable SA1300, IDE1006, CA5392 // The C library's names; libc is found by name on every Linux.
        [DllImport("libc", SetLastError = true)]
        public static extern int getrlimit(int resource, out Rlimit limit);

        [DllImport("libc", SetLastError = true)]
        public static extern int setrlimit(int resource, in Rlimit limit);
#pragma warning restore SA1300, IDE1006, CA5392
    }
}
