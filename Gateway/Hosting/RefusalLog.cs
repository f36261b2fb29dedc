using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Refused calls (bad input, missing rights, limits) are the client's doing, not the server's: each is
/// one line at Information with its code and no stack trace, and the lines of one kind (where × code) are
/// rate-limited by a token bucket, so a client refused in a loop cannot fill the disk with log. Lines held
/// back are counted and the count rides on the next line of that kind.
/// </summary>
public sealed partial class RefusalLog(ILogger<RefusalLog> log, IOptions<MessengerOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<(string Where, string Code), Kind> _kinds = new();

    /// <param name="where">A small fixed set ("hub", "http"): with the codes, it bounds the number of buckets.</param>
    public void Refused(string where, string code, string detail)
    {
        if (!log.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var kind = _kinds.GetOrAdd((where, code), static (_, limit) => new Kind(limit), options.Value.RefusalLogLinesPerMinute);
        if (!kind.TryTake(out var heldBack))
        {
            return;
        }

        if (heldBack > 0)
        {
            LogRefusedAfterHeldBack(log, where, code, detail, heldBack);
        }
        else
        {
            LogRefused(log, where, code, detail);
        }
    }

    public void Dispose()
    {
        foreach (var kind in _kinds.Values)
        {
            kind.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused ({Where}) {Code}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string where, string code, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused ({Where}) {Code}: {Detail} ({HeldBack} more of these not logged)")]
    private static partial void LogRefusedAfterHeldBack(ILogger logger, string where, string code, string detail, long heldBack);

    /// <summary>One kind of refusal: its bucket (a minute's lines at once, refilled over the minute) and the lines it held back.</summary>
    private sealed class Kind(int linesPerMinute) : IDisposable
    {
        private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, linesPerMinute),
            TokensPerPeriod = Math.Max(1, linesPerMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

        private long _heldBack;

        public bool TryTake(out long heldBack)
        {
            using var lease = _bucket.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                Interlocked.Increment(ref _heldBack);
                heldBack = 0;
                return false;
            }

            heldBack = Interlocked.Exchange(ref _heldBack, 0);
            return true;
        }

        public void Dispose() => _bucket.Dispose();
    }
}
