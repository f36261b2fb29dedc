using System.Globalization;
using System.Text.RegularExpressions;
using ActorMessenger.Persistence;

namespace ActorMessenger.Admin.Backups;

/// <summary>A backup in the folder: its file name, bytes, and when it was taken.</summary>
public sealed record BackupInfo(string Name, long Size, DateTimeOffset CreatedAt);

/// <summary>The decisions about backups that need no file system: names, retention, schedule, what a backup may hold.</summary>
public static partial class BackupRules
{
    public const string Extension = ".zip";

    /// <summary>The old server's pattern, <c>messenger_backup_YYYYMMDD_HHMMSS</c>, in the server's local time.</summary>
    public static string NameFor(DateTimeOffset localTime, Func<string, bool> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var stem = "messenger_backup_" + localTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        return Unused(stem, Extension, taken);
    }

    /// <summary>Where a restore puts the data it replaces, inside the data directory.</summary>
    public static string ReplacedFolderFor(DateTimeOffset localTime, Func<string, bool> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        return Unused("replaced_" + localTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture), string.Empty, taken);
    }

    /// <summary>Only names this server makes: no folder part, so no path can leave the backups folder.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The backups retention removes: all but the newest <paramref name="keep"/>; none when keep is zero.</summary>
    public static IReadOnlyList<BackupInfo> ToDelete(IEnumerable<BackupInfo> backups, int keep) =>
        keep <= 0 ? [] : [.. backups.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Name, StringComparer.Ordinal).Skip(keep)];

    /// <summary>
    /// When the next scheduled backup is due: one interval after the newest backup (so restarts do not
    /// postpone it), or after the server started if there is none; never sooner than one interval
    /// after a failed attempt.
    /// </summary>
    public static DateTimeOffset NextDue(DateTimeOffset? newest, DateTimeOffset started, DateTimeOffset? lastFailure, TimeSpan every)
    {
        var due = (newest ?? started) + every;
        return lastFailure is { } failed && failed + every > due ? failed + every : due;
    }

    /// <summary>
    /// What a backup may put back into the data directory: a database (a bare file name, the storage
    /// decides which), an attachment or data-protection key one level down, or the signing key.
    /// </summary>
    public static bool IsRestorablePath(string path, string kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        var parts = path.Split('/');
        if (parts.Any(p => p.Length == 0 || p is "." or ".." || p.Any(char.IsControl)))
        {
            return false;
        }

        return kind switch
        {
            BackupKinds.Database => parts.Length == 1,
            BackupKinds.Attachment => parts.Length == 2 && parts[0] == DataDirectory.FilesFolderName,
            BackupKinds.Key => parts.Length == 2 && parts[0] == DataDirectory.KeysFolderName,
            BackupKinds.SigningKey => path == DataDirectory.SigningKeyFileName,
            _ => false,
        };
    }

    private static string Unused(string stem, string extension, Func<string, bool> taken)
    {
        var name = stem + extension;
        for (var n = 2; taken(name); n++)
        {
            name = $"{stem}_{n}{extension}";
        }

        return name;
    }

    [GeneratedRegex(@"^messenger_backup_\d{8}_\d{6}(_\d{1,4})?\.zip$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
