using ActorMessenger.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// Slows password guessing without handing an attacker a way to lock the owner out. Only failures
/// count. Three limits, checked before the password is:
/// <list type="bullet">
/// <item>an account from one address: after <c>FreeFailures</c> failures each further one doubles a delay
/// (from <c>FirstDelay</c> up to <c>MaxDelay</c>) before that address may try that account again;</item>
/// <item>an account from everywhere: the same beyond <c>FreeFailuresEverywhere</c>, so many addresses
/// together are slowed too, but bounded, and not for an address the account logged in from before;</item>
/// <item>an address: at most <c>AuthAttemptsPerMinute</c> failures a minute over all accounts, again not
/// for an account that logged in from that address before.</item>
/// </list>
/// So the owner, from an address they used, waits only for failures made from that same address; a
/// user behind the same address as an attacker keeps logging in to their own account. Kept in memory
/// (a restart forgets it) and bounded in size.
/// </summary>
public sealed class LoginThrottle(IOptions<MessengerOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly Dictionary<string, Failures> _accountAtAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failures> _account = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failures> _address = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _trusted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private MessengerOptions.LoginSettings Settings => options.Value.Login;

    /// <summary>How long this address must wait before trying this account, or null if it may try now.</summary>
    public TimeSpan? Check(string username, string? address)
    {
        var now = clock.GetUtcNow();
        var (account, place) = (Key(username), address ?? "unknown");
        lock (_gate)
        {
            var until = Until(_accountAtAddress, Pair(account, place), now);
            if (!IsTrusted(account, place, now))
            {
                until = Later(until, Until(_account, account, now));
                until = Later(until, Until(_address, place, now));
            }

            return until > now ? until - now : null;
        }
    }

    public void Failed(string username, string? address)
    {
        var now = clock.GetUtcNow();
        var (account, place) = (Key(username), address ?? "unknown");
        var settings = Settings;
        lock (_gate)
        {
            Count(_accountAtAddress, Pair(account, place), now, settings.FailureMemory, n => Delay(n, settings.FreeFailures, settings));
            Count(_account, account, now, settings.FailureMemory, n => Delay(n, settings.FreeFailuresEverywhere, settings));

            // A fixed window of a minute per address, over all accounts.
            Count(_address, place, now, TimeSpan.FromMinutes(1), n => n >= Math.Max(1, options.Value.AuthAttemptsPerMinute) ? null : TimeSpan.Zero, window: true);
        }
    }

    public void Succeeded(string username, string? address)
    {
        var now = clock.GetUtcNow();
        var (account, place) = (Key(username), address ?? "unknown");
        lock (_gate)
        {
            _accountAtAddress.Remove(Pair(account, place));
            Bound(_trusted, t => now - t > Settings.TrustFor);
            _trusted[Pair(account, place)] = now;
        }
    }

    /// <summary>The delay after the <paramref name="failures"/>th failure: none while free, then doubling up to the cap.</summary>
    private static TimeSpan? Delay(int failures, int free, MessengerOptions.LoginSettings settings)
    {
        if (failures <= free)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - free - 1, 30);
        var delay = settings.FirstDelay * Math.Pow(2, doublings);
        return delay > settings.MaxDelay ? settings.MaxDelay : delay;
    }

    private bool IsTrusted(string account, string place, DateTimeOffset now) =>
        _trusted.TryGetValue(Pair(account, place), out var at) && now - at <= Settings.TrustFor;

    /// <param name="delay">From the new count: how long to hold off (zero: not at all; null: until the window ends).</param>
    /// <param name="window">Counts in fixed windows from the first failure; otherwise the count is forgotten <paramref name="memory"/> after the last one.</param>
    private static void Count(Dictionary<string, Failures> book, string key, DateTimeOffset now, TimeSpan memory, Func<int, TimeSpan?> delay, bool window = false)
    {
        if (!book.TryGetValue(key, out var entry) || Stale(entry, now, memory, window))
        {
            Bound(book, e => Stale(e, now, memory, window));
            entry = new Failures(0, now, now, now);
        }

        var count = entry.Count + 1;
        var until = delay(count) is { } wait ? now + wait : entry.Since + memory;
        book[key] = new Failures(count, entry.Since, now, Later(entry.Until, until));
    }

    private static bool Stale(Failures entry, DateTimeOffset now, TimeSpan memory, bool window) =>
        now - (window ? entry.Since : entry.Last) > memory && now >= entry.Until;

    private static DateTimeOffset Until(Dictionary<string, Failures> book, string key, DateTimeOffset now) =>
        book.TryGetValue(key, out var entry) ? entry.Until : now;

    /// <summary>Drops what is stale when a book is full; if that is not enough, it starts over (a flood of names must not grow memory).</summary>
    private static void Bound<T>(Dictionary<string, T> book, Func<T, bool> stale)
    {
        if (book.Count < MaxEntries)
        {
            return;
        }

        foreach (var key in book.Where(e => stale(e.Value)).Select(e => e.Key).ToList())
        {
            book.Remove(key);
        }

        if (book.Count >= MaxEntries)
        {
            book.Clear();
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string Key(string username) => username.ToLowerInvariant();

    private static string Pair(string account, string place) => $"{account}\n{place}";

    /// <summary>Failures from <see cref="Since"/> to <see cref="Last"/>; no try before <see cref="Until"/>.</summary>
    private sealed record Failures(int Count, DateTimeOffset Since, DateTimeOffset Last, DateTimeOffset Until);
}
