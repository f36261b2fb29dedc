using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Actors.User;

/// <summary>
/// The persisted part of a user entity: the chats the user is in, with the members whose presence
/// the user follows through each (contacts), last seen, the user's sign-in sessions, who may add
/// them to groups, and whom they block.
/// </summary>
public sealed class UserState
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, IReadOnlyList<int>> _chats = new(StringComparer.Ordinal);
    // Made with the first block: most users block nobody, and every online user's state is in memory.
    private List<int>? _blocked;
    private HashSet<int>? _blockedBy;

    public IReadOnlyList<string> Chats => _order;

    // Not through Values: a dictionary keeps the collection it hands out, with every online user.
    public IReadOnlyCollection<int> Contacts => [.. _chats.SelectMany(kv => kv.Value).Distinct()];

    public DateTimeOffset? LastSeen { get; private set; }

    public SessionBook Sessions { get; } = new();

    public string WhoCanAddMe { get; private set; } = ConsentRules.WhoCanAddMe.Everyone;

    /// <summary>Users this user blocks, oldest first.</summary>
    public IReadOnlyList<int> Blocked => (IReadOnlyList<int>?)_blocked ?? [];

    public bool Blocks(int userId) => _blocked?.Contains(userId) == true;

    /// <summary>Users who block this one: they do not show this user their presence.</summary>
    public IReadOnlyCollection<int> BlockedBy => (IReadOnlyCollection<int>?)_blockedBy ?? [];

    /// <summary>The contacts who hear of this user's presence: not those this user blocks.</summary>
    /// <remarks>
    /// Asked each time the user comes online or goes offline: built in one pass (contacts in the order
    /// of their chats, each once), and nothing at all for a user in no chat.
    /// </remarks>
    public IReadOnlyList<int> PresenceAudience
    {
        get
        {
            if (_chats.Count == 0)
            {
                return [];
            }

            var seen = new HashSet<int>();
            var audience = new List<int>();
            foreach (var (_, peers) in _chats)
            {
                for (var i = 0; i < peers.Count; i++)
                {
                    if (seen.Add(peers[i]) && !Blocks(peers[i]))
                    {
                        audience.Add(peers[i]);
                    }
                }
            }

            return audience;
        }
    }

    /// <summary>A direct chat with this user is in the list (the "contacts" of the who-can-add-me setting).</summary>
    public bool SharesDirectChat(int self, int userId) => _chats.ContainsKey(ChatIds.Direct(self, userId));

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
            case PrivacyChanged privacy:
                WhoCanAddMe = privacy.WhoCanAddMe;
                break;
            case UserBlockChanged block:
                _blocked?.Remove(block.TargetId);
                if (block.Blocked)
                {
                    (_blocked ??= []).Add(block.TargetId);
                }

                break;
            case BlockedByChanged by:
                if (by.Blocked)
                {
                    (_blockedBy ??= []).Add(by.BlockerId);
                }
                else
                {
                    _blockedBy?.Remove(by.BlockerId);
                }

                break;
            case UserSnapshot snapshot:
                Restore(snapshot.Chats, snapshot.LastSeen, []);
                break;
            case UserSnapshotV2 snapshot:
                Restore(snapshot.Chats, snapshot.LastSeen, snapshot.Sessions);
                WhoCanAddMe = ConsentRules.WhoCanAddMe.IsValid(snapshot.WhoCanAddMe) ? snapshot.WhoCanAddMe! : ConsentRules.WhoCanAddMe.Everyone;
                if (snapshot.Blocked is { Count: > 0 } blocked)
                {
                    (_blocked ??= []).AddRange(blocked);
                }

                if (snapshot.BlockedBy is { Count: > 0 } blockedBy)
                {
                    (_blockedBy ??= []).UnionWith(blockedBy);
                }

                break;
            default:
                throw new ArgumentException($"Not a user event: {evt.GetType().Name}", nameof(evt));
        }
    }

    public UserSnapshotV2 ToSnapshot(DateTimeOffset now) =>
        new([.. _order.Select(id => new ChatJoined(id, _chats[id]))], LastSeen, Sessions.ToSnapshot(now), WhoCanAddMe, [.. Blocked], BlockedBy.Count == 0 ? null : [.. BlockedBy]);

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
        WhoCanAddMe = ConsentRules.WhoCanAddMe.Everyone;
        _blocked = null;
        _blockedBy = null;
    }
}
