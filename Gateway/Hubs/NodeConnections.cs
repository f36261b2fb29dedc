using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>An open hub connection on this node: whose it is, its session, when its token expires, and how to close it.</summary>
public sealed record LiveConnection(int UserId, string Id, string SessionId, DateTimeOffset ExpiresAt, HubCallerContext Context);

/// <summary>
/// The connections one gateway node holds, by user; owned by that node's outbox actor (not thread-safe).
/// Also finds the connections to close: those of ended sessions, and those whose tokens expire.
/// </summary>
public sealed class NodeConnections
{
    private readonly Dictionary<int, List<LiveConnection>> _byUser = [];
    private DateTimeOffset _nextExpiry = DateTimeOffset.MaxValue;

    public int Count { get; private set; }

    public int Users => _byUser.Count;

    public void Add(LiveConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_byUser.TryGetValue(connection.UserId, out var connections))
        {
            connections = [];
            _byUser[connection.UserId] = connections;
        }

        connections.Add(connection);
        Count++;
        if (connection.ExpiresAt < _nextExpiry)
        {
            _nextExpiry = connection.ExpiresAt;
        }
    }

    public void Remove(int userId, string connectionId)
    {
        if (_byUser.TryGetValue(userId, out var connections) && connections.RemoveAll(c => c.Id == connectionId) > 0)
        {
            Count--;
            if (connections.Count == 0)
            {
                _byUser.Remove(userId);
            }
        }
    }

    public IReadOnlyList<LiveConnection> OfUser(int userId) =>
        _byUser.TryGetValue(userId, out var connections) ? connections : [];

    /// <summary>Removes and returns the user's connections of these sessions.</summary>
    public List<LiveConnection> TakeSessions(int userId, IReadOnlyCollection<string> sessionIds) =>
        Take(c => c.UserId == userId && sessionIds.Contains(c.SessionId), _byUser.ContainsKey(userId) ? [userId] : []);

    /// <summary>Removes and returns the connections whose tokens expire by <paramref name="by"/>.</summary>
    public List<LiveConnection> TakeExpiring(DateTimeOffset by)
    {
        if (by < _nextExpiry)
        {
            return [];
        }

        var taken = Take(c => c.ExpiresAt <= by, [.. _byUser.Keys]);
        _nextExpiry = _byUser.Values.SelectMany(c => c).Select(c => c.ExpiresAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        return taken;
    }

    private List<LiveConnection> Take(Func<LiveConnection, bool> match, IReadOnlyList<int> users)
    {
        var taken = new List<LiveConnection>();
        foreach (var user in users)
        {
            var connections = _byUser[user];
            taken.AddRange(connections.Where(match));
            connections.RemoveAll(c => match(c));
            if (connections.Count == 0)
            {
                _byUser.Remove(user);
            }
        }

        Count -= taken.Count;
        return taken;
    }
}
