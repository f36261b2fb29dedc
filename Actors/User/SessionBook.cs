using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Actors.User;

/// <summary>
/// A user's sessions and the decisions about them. Expired sessions are dropped as time passes
/// (at each new session and in snapshots): nothing needs recording for them, their tokens are dead.
/// Last seen is kept here and in snapshots only; <see cref="SeenSinceSnapshot"/> says a snapshot
/// would save something new.
/// </summary>
public sealed class SessionBook
{
    private readonly Dictionary<string, SessionView> _byId = new(StringComparer.Ordinal);

    public bool SeenSinceSnapshot { get; private set; }

    public int Count => _byId.Count;

    /// <summary>Active sessions, oldest first.</summary>
    public IReadOnlyList<SessionView> Active(DateTimeOffset now) =>
        [.. _byId.Select(kv => kv.Value).Where(s => s.ExpiresAt > now).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];

    public SessionView? Find(string sessionId) => _byId.GetValueOrDefault(sessionId);

    public bool IsActive(string sessionId, DateTimeOffset now) =>
        _byId.TryGetValue(sessionId, out var session) && session.ExpiresAt > now;

    /// <summary>The sessions a new one pushes out: the oldest, so that at most <paramref name="max"/> stay active.</summary>
    public IReadOnlyList<string> DisplacedByNew(DateTimeOffset now, int max)
    {
        var active = Active(now);
        var over = active.Count - Math.Max(1, max) + 1;
        return over > 0 ? [.. active.Take(over).Select(s => s.Id)] : [];
    }

    public IReadOnlyList<string> AllBut(string? keep, DateTimeOffset now) =>
        [.. Active(now).Where(s => s.Id != keep).Select(s => s.Id)];

    /// <summary>When the last of these sessions' tokens expires: until then nodes must remember they ended.</summary>
    public DateTimeOffset LatestExpiry(IEnumerable<string> sessionIds, DateTimeOffset fallback) =>
        sessionIds.Select(id => _byId.TryGetValue(id, out var s) ? s.ExpiresAt : fallback).DefaultIfEmpty(fallback).Max();

    /// <summary>Notes a use of the session; true when it moved its last seen forward.</summary>
    public bool Seen(string sessionId, DateTimeOffset at, string? address)
    {
        if (!_byId.TryGetValue(sessionId, out var session) || at <= session.LastSeenAt)
        {
            return false;
        }

        _byId[sessionId] = session with { LastSeenAt = at, Address = address ?? session.Address };
        SeenSinceSnapshot = true;
        return true;
    }

    public void Apply(SessionOpened opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        DropExpired(opened.At);
        _byId[opened.Id] = new SessionView(opened.Id, opened.UserAgent, opened.Address, opened.At, opened.At, opened.ExpiresAt);
    }

    public void Apply(SessionsClosed closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        foreach (var id in closed.Ids)
        {
            _byId.Remove(id);
        }
    }

    public void Restore(IEnumerable<SessionView> sessions)
    {
        _byId.Clear();
        foreach (var session in sessions)
        {
            _byId[session.Id] = session;
        }

        SeenSinceSnapshot = false;
    }

    /// <summary>The sessions to keep in a snapshot (expired ones left out); clears <see cref="SeenSinceSnapshot"/>.</summary>
    public IReadOnlyList<SessionView> ToSnapshot(DateTimeOffset now)
    {
        SeenSinceSnapshot = false;
        return Active(now);
    }

    private void DropExpired(DateTimeOffset now)
    {
        // Not through Values: a dictionary keeps the collection it hands out, with every online user.
        foreach (var expired in _byId.Where(kv => kv.Value.ExpiresAt <= now).Select(kv => kv.Key).ToList())
        {
            _byId.Remove(expired);
        }
    }
}
