using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Actors.User;

/// <summary>
/// The persisted part of a user entity: the chats the user is in, with the members whose presence
/// the user follows through each (contacts), last seen, and the user's sign-in sessions.
/// </summary>
public sealed class UserState
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, IReadOnlyList<int>> _chats = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Chats => _order;

    public IReadOnlyCollection<int> Contacts => [.. _chats.Values.SelectMany(p => p).Distinct()];

    public DateTimeOffset? LastSeen { get; private set; }

    public SessionBook Sessions { get; } = new();

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
            case SessionOpened opened:
                Sessions.Apply(opened);
                break;
            case SessionsClosed closed:
                Sessions.Apply(closed);
                break;
            case UserSnapshot snapshot:
                Restore(snapshot.Chats, snapshot.LastSeen, []);
                break;
            case UserSnapshotV2 snapshot:
                Restore(snapshot.Chats, snapshot.LastSeen, snapshot.Sessions);
                break;
            default:
                throw new ArgumentException($"Not a user event: {evt.GetType().Name}", nameof(evt));
        }
    }

    public UserSnapshotV2 ToSnapshot(DateTimeOffset now) =>
        new([.. _order.Select(id => new ChatJoined(id, _chats[id]))], LastSeen, Sessions.ToSnapshot(now));

    private void Restore(IReadOnlyList<ChatJoined> chats, DateTimeOffset? lastSeen, IReadOnlyList<SessionView> sessions)
    {
        _order.Clear();
        _chats.Clear();
        foreach (var chat in chats)
        {
            Apply(chat);
        }

        LastSeen = lastSeen;
        Sessions.Restore(sessions);
    }
}
