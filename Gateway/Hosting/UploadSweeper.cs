using ActorMessenger.Persistence;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Every <see cref="MessengerOptions.LimitSettings.UploadSweepInterval"/>, removes uploads that no
/// message refers to once they are older than <see cref="MessengerOptions.LimitSettings.UnreferencedUploadGrace"/>:
/// an upload is meant to be sent, and one that never is would otherwise stay on disk for good.
/// </summary>
public sealed partial class UploadSweeper(IAttachmentStore store, IOptions<MessengerOptions> options, TimeProvider clock, ILogger<UploadSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var limits = options.Value.Limits;
        using var timer = new PeriodicTimer(limits.UploadSweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var removed = await store.RemoveUnreferencedAsync(clock.GetUtcNow() - limits.UnreferencedUploadGrace, stoppingToken);
                    if (removed.Count > 0)
                    {
                        LogRemoved(log, removed.Count);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Never ends the loop: the next round looks again.
                    LogFailed(log, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next start sweeps again.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} uploads no message refers to")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping unreferenced uploads failed; trying again next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
