using ActorMessenger.Persistence;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Runs the <see cref="IJournalRedactor"/> every <see cref="MessengerOptions.RedactionInterval"/>:
/// edits and deletions stored since the last round have the old content removed from the journal and
/// snapshots, and after any, the next two rounds truncate the databases' logs (the second one also
/// catches what the history projection wrote a moment after the first). So the old text of a
/// message leaves every file of the data directory within about two intervals.
/// </summary>
public sealed partial class JournalRedaction(IJournalRedactor redactor, IOptions<MessengerOptions> options, ILogger<JournalRedaction> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RedactionInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // The redactor keeps what is due, also after a round an admin's clear ran.
                    await redactor.RedactNewChangesAsync(stoppingToken);
                    if (!await redactor.TruncateDueLogsAsync(stoppingToken))
                    {
                        LogBusy(log);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Never ends the loop: the next round starts where this one failed.
                    LogFailed(log, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the progress is stored, the next start goes on from there.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redaction round failed; trying again next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "A database was busy while its log was truncated after a redaction; trying again next round")]
    private static partial void LogBusy(ILogger logger);
}
