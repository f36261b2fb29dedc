using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Actors.User;

/// <summary>The persisted part of a user entity: chats, contacts (everyone sharing a chat), last seen.</summary>
public sealed class UserState
{
    private readonly List<string> _chats = [];
    private readonly HashSet<string> _chatSet = new(StringComparer.Ordinal);
    private readonly HashSet<int> _contacts = [];

    public IReadOnlyList<string> Chats => _chats;

    public IReadOnlyCollection<int> Contacts => _contacts;

    public DateTimeOffset? LastSeen { get; private set; }

    public bool InChat(string chatId) => _chatSet.Contains(chatId);

    public void Apply(IPersisted evt)
    {
        switch (evt)
        {
            case ChatJoined joined:
                if (_chatSet.Add(joined.ChatId))
                {
                    _chats.Add(joined.ChatId);
                }

                _contacts.UnionWith(joined.Peers);
                break;
            case WentOffline offline:
                LastSeen = offline.At;
                break;
            case UserSnapshot snapshot:
                _chats.Clear();
                _chatSet.Clear();
                _contacts.Clear();
                _chats.AddRange(snapshot.ChatIds);
                _chatSet.UnionWith(snapshot.ChatIds);
                _contacts.UnionWith(snapshot.Contacts);
                LastSeen = snapshot.LastSeen;
                break;
            default:
                throw new ArgumentException($"Not a user event: {evt.GetType().Name}", nameof(evt));
        }
    }

    public UserSnapshot ToSnapshot() => new([.. _chats], [.. _contacts], LastSeen);
}
