using ActorMessenger.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Admin.Backups;

/// <summary>
/// Takes backups one at a time (manual and scheduled alike), keeps the folder to its retention, and
/// lists, finds and deletes backups. A backup runs to its end even if the admin who asked goes away;
/// only the server stopping cancels it.
/// </summary>
public sealed partial class BackupService
{
    public const string Manual = "manual";
    public const string Scheduled = "scheduled";

    private const string PartialSuffix = ".partial";
    private const string ScratchSuffix = ".scratch";

    private readonly BackupArchiveWriter _writer;
    private readonly BackupOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<BackupService> _log;
    private readonly CancellationToken _stopping;
    private readonly Lock _gate = new();
    private BackupProgress? _current;
    private Task _running = Task.CompletedTask;
    private BackupOutcome? _last;

    public BackupService(IDataBackup databases, DataDirectory data, IOptions<BackupOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<BackupService> log)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        _writer = new BackupArchiveWriter(databases, data);
        _options = options.Value;
        _clock = clock;
        _log = log;
        _stopping = lifetime.ApplicationStopping;
        Folder = string.IsNullOrWhiteSpace(_options.Folder) ? data.File(DataDirectory.BackupsFolderName) : Path.GetFullPath(_options.Folder);
    }

    /// <summary>
    /// Every change of <see cref="Status"/> while a backup runs, raised on the backup's own thread:
    /// handlers must be quick (the admin panel's push throttles them itself).
    /// </summary>
    public event Action<BackupStatus>? Changed;

    public string Folder { get; }

    public BackupStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new BackupStatus(_current is not null, _current, _last);
            }
        }
    }

    /// <summary>Completes when the backup running now (if any) has ended, however it ended.</summary>
    public Task Idle
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Takes a backup now; <see cref="BackupBusyException"/> if one is being taken.</summary>
    public async Task<BackupInfo> CreateAsync(string trigger)
    {
        BackupProgress start;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_current is not null)
            {
                throw new BackupBusyException(_current.Name);
            }

            Directory.CreateDirectory(Folder);
            var name = BackupRules.NameFor(_clock.GetLocalNow(), n => File.Exists(PathOf(n)) || File.Exists(PathOf(n) + PartialSuffix));
            start = new BackupProgress(name, trigger, BackupProgress.Databases, _clock.GetUtcNow(), 0, 0, 0, 0);
            _current = start;
            _running = done.Task;
        }

        try
        {
            Raise();
            var info = await TakeAsync(start).ConfigureAwait(false);
            Finish(new BackupOutcome(true, info.Name, trigger, info.CreatedAt, info.Size, null));
            LogTaken(_log, info.Name, info.Size, trigger);
            ApplyRetention();
            return info;
        }
        catch (Exception ex)
        {
            Finish(new BackupOutcome(false, start.Name, trigger, start.StartedAt, 0, ex is OperationCanceledException ? "The server stopped during the backup." : ex.Message));
            LogFailed(_log, ex, start.Name);
            throw;
        }
        finally
        {
            Raise();
            done.SetResult();
        }
    }

    /// <summary>The backups in the folder, newest first.</summary>
    public IReadOnlyList<BackupInfo> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. new DirectoryInfo(Folder).EnumerateFiles("*" + BackupRules.Extension)
            .Where(f => BackupRules.IsValidName(f.Name))
            .Select(f => new BackupInfo(f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderByDescending(b => b.CreatedAt)
            .ThenByDescending(b => b.Name, StringComparer.Ordinal)];
    }

    /// <summary>The file of a backup; null for a name this server would not make, or one that is not there.</summary>
    public string? Find(string name) => BackupRules.IsValidName(name) && File.Exists(PathOf(name)) ? PathOf(name) : null;

    /// <summary>Deletes a backup; false if there is no such backup.</summary>
    public bool Delete(string name)
    {
        if (Find(name) is not { } path)
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Removes what a backup cut short by a crash left behind; call before any backup runs.</summary>
    public void RemoveLeftovers()
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }

        foreach (var partial in Directory.EnumerateFiles(Folder, "*" + PartialSuffix))
        {
            File.Delete(partial);
        }

        foreach (var scratch in Directory.EnumerateDirectories(Folder, "*" + ScratchSuffix))
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task<BackupInfo> TakeAsync(BackupProgress start)
    {
        var final = PathOf(start.Name);
        var partial = final + PartialSuffix;
        var scratch = final + ScratchSuffix;
        try
        {
            await _writer.WriteAsync(partial, scratch, start, Report, _stopping).ConfigureAwait(false);
            File.Move(partial, final);

            // The listing's time is when the copy began, as in the manifest, not when the zip closed.
            File.SetLastWriteTimeUtc(final, start.StartedAt.UtcDateTime);
            return new BackupInfo(start.Name, new FileInfo(final).Length, start.StartedAt);
        }
        finally
        {
            File.Delete(partial);
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private void ApplyRetention()
    {
        foreach (var old in BackupRules.ToDelete(List(), _options.Keep))
        {
            try
            {
                File.Delete(PathOf(old.Name));
                LogRetired(_log, old.Name, _options.Keep);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogRetireFailed(_log, ex, old.Name);
            }
        }
    }

    private void Report(BackupProgress progress)
    {
        lock (_gate)
        {
            _current = progress;
        }

        Raise();
    }

    private void Finish(BackupOutcome outcome)
    {
        lock (_gate)
        {
            _current = null;
            _last = outcome;
        }
    }

    private void Raise() => Changed?.Invoke(Status);

    private string PathOf(string name) => Path.Combine(Folder, name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {Name} taken ({Size} bytes, {Trigger})")]
    private static partial void LogTaken(ILogger logger, string name, long size, string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup {Name} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {Name} deleted: the folder keeps the newest {Keep}")]
    private static partial void LogRetired(ILogger logger, string name, int keep);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Old backup {Name} could not be deleted")]
    private static partial void LogRetireFailed(ILogger logger, Exception exception, string name);
}
