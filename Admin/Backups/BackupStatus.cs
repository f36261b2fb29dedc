namespace ActorMessenger.Admin.Backups;

/// <summary>What the admin panel shows about backups: the one being taken, and how the last one ended.</summary>
public sealed record BackupStatus(bool Running, BackupProgress? Current, BackupOutcome? Last);

/// <summary>
/// A backup under way. <see cref="Stage"/> is <c>databases</c> (copying them) and then <c>files</c>
/// (writing the archive; files and bytes count up to their totals).
/// </summary>
public sealed record BackupProgress(string Name, string Trigger, string Stage, DateTimeOffset StartedAt, int FilesDone, int FilesTotal, long BytesDone, long BytesTotal)
{
    public const string Databases = "databases";
    public const string Files = "files";
}

/// <summary>How a backup ended: its name and size, or the error.</summary>
public sealed record BackupOutcome(bool Success, string Name, string Trigger, DateTimeOffset CreatedAt, long Size, string? Error);
