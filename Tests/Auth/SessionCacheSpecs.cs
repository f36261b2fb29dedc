using ActorMessenger.Gateway.Auth;
using Xunit;

namespace ActorMessenger.Tests.Auth;

public sealed class SessionCacheSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_confirmed_session_is_taken_until_its_confirmation_is_older_than_the_recheck_interval()
    {
        var cache = new SessionCache();
        Assert.Equal(SessionCache.Verdict.Unknown, cache.Check(1, "s", Now, Recheck));

        cache.Confirm(1, "s", Now, Now.AddDays(7));
        Assert.Equal(SessionCache.Verdict.Active, cache.Check(1, "s", Now.AddSeconds(59), Recheck));
        Assert.Equal(SessionCache.Verdict.Unknown, cache.Check(1, "s", Now.AddSeconds(61), Recheck));

        // A session id confirmed for one user proves nothing for another.
        Assert.Equal(SessionCache.Verdict.Unknown, cache.Check(2, "s", Now, Recheck));
    }

    [Fact]
    public void An_ended_session_stays_ended_even_when_a_confirmation_arrives_after_the_news()
    {
        var cache = new SessionCache();
        cache.Confirm(1, "s", Now, Now.AddDays(7));
        cache.End(["s"], "password_changed", Now.AddDays(7), Now);
        Assert.Equal(SessionCache.Verdict.Ended, cache.Check(1, "s", Now, Recheck));
        Assert.Equal("password_changed", cache.EndReason("s"));

        cache.Confirm(1, "s", Now, Now.AddDays(7));
        Assert.Equal(SessionCache.Verdict.Ended, cache.Check(1, "s", Now.AddSeconds(1), Recheck));
        Assert.Null(cache.EndReason("other"));
    }

    [Fact]
    public void Entries_whose_tokens_expired_are_dropped_as_the_cache_grows()
    {
        var cache = new SessionCache();
        for (var i = 0; i < 5000; i++)
        {
            cache.End([$"old{i}"], "logged_out", Now.AddMinutes(1), Now);
        }

        var later = Now.AddMinutes(2);
        for (var i = 0; i < 5000; i++)
        {
            cache.Confirm(1, $"new{i}", later, later.AddDays(7));
        }

        Assert.True(cache.Count < 10_000, $"{cache.Count} entries kept");
        Assert.Equal(SessionCache.Verdict.Active, cache.Check(1, "new4999", later, Recheck));
    }
}
