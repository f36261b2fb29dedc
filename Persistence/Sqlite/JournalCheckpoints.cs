using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>Runs the journal's <see cref="WalCheckpointer"/> for as long as the server runs.</summary>
public sealed partial class JournalCheckpoints(SqliteDatabase database, ILogger<JournalCheckpoints> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var checkpointer = new WalCheckpointer(database.JournalConnectionString);
        try
        {
            await checkpointer.RunAsync(ex => LogFailed(log, ex), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: SQLite checkpoints once more when the journal's last connection closes.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal checkpoint failed; trying again next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
