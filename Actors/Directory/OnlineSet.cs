namespace ActorMessenger.Actors.Directory;

/// <summary>
/// The ids of the users online, kept in ascending order, with the list last handed out kept until the set
/// changes. Every connecting hub gets the whole list: sorting a hash set per request made a reconnect storm
/// of n users cost n sorts of up to n ids in the one directory actor; here a change moves part of one array
/// and a request copies it at most once per change.
/// </summary>
public sealed class OnlineSet
{
    private readonly List<int> _ids = [];
    private int[]? _handedOut;

    public int Count => _ids.Count;

    public bool Contains(int userId) => _ids.BinarySearch(userId) >= 0;

    public void Add(int userId)
    {
        var at = _ids.BinarySearch(userId);
        if (at < 0)
        {
            _ids.Insert(~at, userId);
            _handedOut = null;
        }
    }

    public void Remove(int userId)
    {
        var at = _ids.BinarySearch(userId);
        if (at >= 0)
        {
            _ids.RemoveAt(at);
            _handedOut = null;
        }
    }

    /// <summary>Ascending ids; never changed once handed out (receivers on this node share it).</summary>
    public IReadOnlyList<int> Ids => _handedOut ??= [.. _ids];
}
