using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Admin.Backups;

/// <summary>Takes a backup every <see cref="BackupOptions.Every"/> (counted from the newest backup); retention follows each one.</summary>
public sealed partial class BackupScheduler(BackupService backups, IOptions<BackupOptions> options, TimeProvider clock, ILogger<BackupScheduler> log) : BackgroundService
{
    /// <summary>Task.Delay takes at most about 49 days; longer waits are taken in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        backups.RemoveLeftovers();
        var every = options.Value.Every;
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        var started = clock.GetUtcNow();
        DateTimeOffset? lastFailure = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = TimeSpan.Zero;
                try
                {
                    var list = backups.List();
                    DateTimeOffset? newest = list.Count > 0 ? list[0].CreatedAt : null;
                    wait = BackupRules.NextDue(newest, started, lastFailure, every) - clock.GetUtcNow();
                    if (wait <= TimeSpan.Zero)
                    {
                        await backups.CreateAsync(BackupService.Scheduled).ConfigureAwait(false);
                    }
                }
                catch (BackupBusyException)
                {
                    // An admin's backup is under way; once it is done it counts as the newest.
                    await backups.Idle.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Tried again one interval later, not in a loop; the service logged what went wrong.
                    lastFailure = clock.GetUtcNow();
                    LogPostponed(log, ex, every);
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, clock, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled backup failed; the next try is in {Every}")]
    private static partial void LogPostponed(ILogger logger, Exception exception, TimeSpan every);
}
