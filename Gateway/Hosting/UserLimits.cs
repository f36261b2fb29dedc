using System.Threading.RateLimiting;
using ActorMessenger.Actors;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Per-user rates (<see cref="MessengerOptions.LimitSettings"/>): token buckets per user and kind, from
/// System.Threading.RateLimiting (a full bucket is dropped when idle, so users who stay within their
/// rates cost nothing here). Over a rate, the call is refused with <c>rate_limited</c> and when to retry.
/// </summary>
public sealed class UserLimits : IDisposable
{
    private readonly PartitionedRateLimiter<int> _sends;
    private readonly PartitionedRateLimiter<int> _uploads;
    private readonly PartitionedRateLimiter<int> _chatsCreated;

    public UserLimits(IOptions<MessengerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value.Limits;
        _sends = PerUser(Math.Max(1, limits.SendBurst), TimeSpan.FromSeconds(1 / Math.Max(0.001, limits.SendsPerSecond)));
        _uploads = PerUser(Math.Max(1, limits.UploadsPerHour), TimeSpan.FromHours(1) / Math.Max(1, limits.UploadsPerHour));
        _chatsCreated = PerUser(Math.Max(1, limits.ChatsCreatedPerHour), TimeSpan.FromHours(1) / Math.Max(1, limits.ChatsCreatedPerHour));
    }

    public void TakeSend(int userId) => Take(_sends, userId, "Too many messages; slow down.");

    public void TakeUpload(int userId) => Take(_uploads, userId, "Too many uploads this hour.");

    public void TakeChatCreation(int userId) => Take(_chatsCreated, userId, "Too many groups and channels created this hour.");

    public void Dispose()
    {
        _sends.Dispose();
        _uploads.Dispose();
        _chatsCreated.Dispose();
    }

    /// <summary>A bucket of <paramref name="burst"/> per user, refilled by one every <paramref name="refillEvery"/>.</summary>
    private static PartitionedRateLimiter<int> PerUser(int burst, TimeSpan refillEvery) =>
        PartitionedRateLimiter.Create<int, int>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = refillEvery < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : refillEvery,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static void Take(PartitionedRateLimiter<int> limiter, int userId, string message)
    {
        using var lease = limiter.AttemptAcquire(userId);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            throw MessengerException.RateLimited(message, retryAfter);
        }
    }
}
