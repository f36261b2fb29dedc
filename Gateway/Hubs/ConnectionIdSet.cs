using System.Collections;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// Connection ids for <c>Clients.Clients(...)</c> that answer <c>Contains</c> from a hash set.
/// SignalR's default lifetime manager walks every connection of the node and asks the list whether
/// it holds that connection: with a plain list a post to a 5,000-member channel on a node with
/// 5,000 connections made 25 million string comparisons. <c>Enumerable.Contains</c> uses
/// <see cref="ICollection{T}.Contains"/> when the list offers it, which this does in O(1).
/// </summary>
public sealed class ConnectionIdSet : IReadOnlyList<string>, ICollection<string>
{
    private readonly List<string> _ids;
    private readonly HashSet<string> _set;

    public ConnectionIdSet(List<string> ids)
    {
        _ids = ids;
        _set = new HashSet<string>(ids, StringComparer.Ordinal);
    }

    public int Count => _ids.Count;

    public bool IsReadOnly => true;

    public string this[int index] => _ids[index];

    public bool Contains(string item) => _set.Contains(item);

    public IEnumerator<string> GetEnumerator() => _ids.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void CopyTo(string[] array, int arrayIndex) => _ids.CopyTo(array, arrayIndex);

    void ICollection<string>.Add(string item) => throw new NotSupportedException();

    void ICollection<string>.Clear() => throw new NotSupportedException();

    bool ICollection<string>.Remove(string item) => throw new NotSupportedException();
}
