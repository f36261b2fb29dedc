using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// Hub tokens this node has already validated, so that a reconnect with the same token skips parsing
/// and verifying it again (a storm of reconnects after a restart or a Wi-Fi drop is mostly that).
/// Only the token's slimmed principal is remembered (connections of one token share it: nothing adds
/// to a validated principal, and its identity is read-only): its session is still checked on every
/// connect, and a token past its expiry (with the scheme's clock skew) is not taken from here.
/// Keyed by a SHA-256 of the token's text, not the text: an idle socket would otherwise keep its
/// token alive here, and a collision that lets a forged token pass would have to break SHA-256.
/// The signing key and validation parameters do not change while the process runs.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    /// <summary>Beyond this many, the cache forgets everything rather than grow with every token ever seen.</summary>
    public const int MaxEntries = 100_000;

    private const int PruneEvery = 1024;

    private readonly ConcurrentDictionary<TokenHash, Entry> _byHash = new();
    private int _pruneAt = PruneEvery;

    public int Count => _byHash.Count;

    /// <summary>The principal of an unexpired token validated before, or null (then validate it).</summary>
    public ClaimsPrincipal? Find(ReadOnlySpan<char> token)
    {
        var hash = TokenHash.Of(token);
        if (!_byHash.TryGetValue(hash, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() > entry.ValidUntil)
        {
            _byHash.TryRemove(hash, out _);
            return null;
        }

        return entry.Principal;
    }

    /// <summary>Remembers a token that has just passed validation, with its slimmed principal (<see cref="MessengerClaims.Slim"/>).</summary>
    public void Add(ReadOnlySpan<char> token, ClaimsPrincipal slim)
    {
        ArgumentNullException.ThrowIfNull(slim);
        var expires = MessengerClaims.ExpiresOf(slim);
        if (expires == DateTimeOffset.MinValue)
        {
            return;
        }

        MaybePrune();
        _byHash[TokenHash.Of(token)] = new Entry(slim, expires + TokenService.ClockSkew);
    }

    private void MaybePrune()
    {
        var pruneAt = Volatile.Read(ref _pruneAt);
        if (_byHash.Count < pruneAt || Interlocked.CompareExchange(ref _pruneAt, int.MaxValue, pruneAt) != pruneAt)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var (hash, entry) in _byHash)
        {
            if (now > entry.ValidUntil)
            {
                _byHash.TryRemove(hash, out _);
            }
        }

        if (_byHash.Count >= MaxEntries)
        {
            _byHash.Clear();
        }

        Volatile.Write(ref _pruneAt, Math.Max(PruneEvery, _byHash.Count * 2));
    }

    private readonly record struct Entry(ClaimsPrincipal Principal, DateTimeOffset ValidUntil);

    private readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D)
    {
        public static TokenHash Of(ReadOnlySpan<char> token)
        {
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(MemoryMarshal.AsBytes(token), digest);
            var words = MemoryMarshal.Cast<byte, ulong>(digest);
            return new TokenHash(words[0], words[1], words[2], words[3]);
        }
    }
}
