using System.Collections.Concurrent;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// This node's memory of sessions, so that checking a token on every request costs a lookup: active
/// sessions as a user entity last confirmed them (asked again once the confirmation is older than
/// <c>Messenger:SessionRecheckInterval</c>), and ended ones, kept until their tokens expire so
/// an ended session never comes back from an answer that was already on its way.
/// Ended sessions arrive from the user entities on the "sessions" topic (every node), and from the
/// calls on this node that ended them.
/// </summary>
public sealed class SessionCache
{
    private readonly ConcurrentDictionary<string, Confirmed> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Ended> _ended = new(StringComparer.Ordinal);
    private int _pruneAt = PruneEvery;

    private const int PruneEvery = 1024;

    public enum Verdict
    {
        /// <summary>Ask the user entity.</summary>
        Unknown,
        Active,
        Ended,
    }

    public Verdict Check(int userId, string sessionId, DateTimeOffset now, TimeSpan recheckAfter)
    {
        if (_ended.ContainsKey(sessionId))
        {
            return Verdict.Ended;
        }

        return _active.TryGetValue(sessionId, out var confirmed) && confirmed.UserId == userId && now - confirmed.At < recheckAfter && now < confirmed.KeepUntil
            ? Verdict.Active
            : Verdict.Unknown;
    }

    /// <summary>Why the session ended, if this node knows it did.</summary>
    public string? EndReason(string sessionId) => _ended.TryGetValue(sessionId, out var ended) ? ended.Reason : null;

    public void Confirm(int userId, string sessionId, DateTimeOffset now, DateTimeOffset tokenExpires)
    {
        _active[sessionId] = new Confirmed(userId, now, tokenExpires);

        // Ended wins over an answer that crossed the news of its end.
        if (_ended.ContainsKey(sessionId))
        {
            _active.TryRemove(sessionId, out _);
        }

        MaybePrune(now);
    }

    /// <summary>Remembers the sessions as ended until <paramref name="keepUntil"/> (when their tokens are dead anyway).</summary>
    public void End(IEnumerable<string> sessionIds, string reason, DateTimeOffset keepUntil, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        foreach (var id in sessionIds)
        {
            _ended[id] = new Ended(reason, keepUntil);
            _active.TryRemove(id, out _);
        }

        MaybePrune(now);
    }

    public int Count => _active.Count + _ended.Count;

    /// <summary>Drops what can no longer matter (expired tokens), now and then as entries are added.</summary>
    private void MaybePrune(DateTimeOffset now)
    {
        var pruneAt = Volatile.Read(ref _pruneAt);
        if (Count < pruneAt || Interlocked.CompareExchange(ref _pruneAt, int.MaxValue, pruneAt) != pruneAt)
        {
            return;
        }

        foreach (var (id, ended) in _ended)
        {
            if (ended.KeepUntil <= now)
            {
                _ended.TryRemove(id, out _);
            }
        }

        foreach (var (id, confirmed) in _active)
        {
            if (confirmed.KeepUntil <= now)
            {
                _active.TryRemove(id, out _);
            }
        }

        Volatile.Write(ref _pruneAt, Math.Max(PruneEvery, Count * 2));
    }

    private sealed record Confirmed(int UserId, DateTimeOffset At, DateTimeOffset KeepUntil);

    private sealed record Ended(string Reason, DateTimeOffset KeepUntil);
}
