using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// Hub tokens this node has already validated, so that a reconnect with the same token skips parsing
/// and verifying it again (a storm of reconnects after a restart or a Wi-Fi drop is mostly that).
/// Only the token's signature and claims are remembered: its session is still checked on every
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

    /// <summary>The identity of an unexpired token validated before, or null (then validate it).</summary>
    public SlimIdentity? Find(ReadOnlySpan<char> token)
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

        return entry.Identity;
    }

    /// <summary>Remembers a token that has just passed validation, with its slimmed identity.</summary>
    public void Add(ReadOnlySpan<char> token, SlimIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var expires = MessengerClaims.ExpiresOf(identity);
        if (expires == DateTimeOffset.MinValue)
        {
            return;
        }

        MaybePrune();
        _byHash[TokenHash.Of(token)] = new Entry(identity, expires + TokenService.ClockSkew);
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

    private readonly record struct Entry(SlimIdentity Identity, DateTimeOffset ValidUntil);

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
