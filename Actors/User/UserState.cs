using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Actors.User;

/// <summary>
/// The persisted part of a user entity: the chats the user is in, with the members whose presence
/// the user follows through each (contacts), and last seen.
/// </summary>
public sealed class UserState
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, IReadOnlyList<int>> _chats = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Chats => _order;

    public IReadOnlyCollection<int> Contacts => [.. _chats.Values.SelectMany(p => p).Distinct()];

    public DateTimeOffset? LastSeen { get; private set; }

    /// <summary>True when the chat is in the list with exactly these peers: nothing to record.</summary>
    public bool Knows(string chatId, IReadOnlyList<int> peers) =>
        _chats.TryGetValue(chatId, out var known) && known.Order().SequenceEqual(peers.Order());

    public bool InChat(string chatId) => _chats.ContainsKey(chatId);

    public void Apply(IPersisted evt)
    {
        switch (evt)
        {
            case ChatJoined joined:
                if (!_chats.ContainsKey(joined.ChatId))
                {
                    _order.Add(joined.ChatId);
                }

                _chats[joined.ChatId] = joined.Peers;
                break;
            case ChatLeft left:
                if (_chats.Remove(left.ChatId))
                {
                    _order.Remove(left.ChatId);
                }

                break;
            case WentOffline offline:
                LastSeen = offline.At;
                break;
            case UserSnapshot snapshot:
                _order.Clear();
                _chats.Clear();
                foreach (var chat in snapshot.Chats)
                {
                    Apply(chat);
                }

                LastSeen = snapshot.LastSeen;
                break;
            default:
                throw new ArgumentException($"Not a user event: {evt.GetType().Name}", nameof(evt));
        }
    }

    public UserSnapshot ToSnapshot() => new([.. _order.Select(id => new ChatJoined(id, _chats[id]))], LastSeen);
}
