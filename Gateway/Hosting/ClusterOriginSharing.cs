using ActorMessenger.Actors;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Once the web server listens (its URLs are known then), records this node's origins in the shared
/// database and learns the other nodes', and again every <see cref="Every"/>: pages this node serves then
/// allow (CSP) the nodes that joined meanwhile, and a long-running node's origins are never forgotten.
/// </summary>
public sealed partial class ClusterOriginSharing(ClusterOrigins origins, IHostApplicationLifetime lifetime, ILogger<ClusterOriginSharing> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var failing = false;
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                if (!await origins.Share(stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is MessengerException or System.Data.Common.DbException or IOException)
            {
                // Once per outage: tried again at the next round anyway.
                if (!failing)
                {
                    LogFailed(log, ex.Message);
                }

                failing = true;
            }
        }
        while (await WaitNext(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitNext(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: the database did not take this node's web origins ({Reason}); retrying.")]
    private static partial void LogFailed(ILogger logger, string reason);
}
