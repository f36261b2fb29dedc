using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.DirectoryEvents;

namespace ActorMessenger.Actors.Directory;

/// <summary>Accounts by id and by username (case-insensitive), and the next free id.</summary>
public sealed class DirectoryState
{
    private readonly SortedDictionary<int, UserAccount> _byId = [];
    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);

    public int NextId { get; private set; } = 1;

    public IEnumerable<UserAccount> Users => _byId.Values;

    public int Count => _byId.Count;

    public UserAccount? ById(int id) => _byId.GetValueOrDefault(id);

    public UserAccount? ByName(string username) =>
        _byName.TryGetValue(username, out var id) ? _byId[id] : null;

    /// <summary>
    /// Last seen, as logins and disconnects report it: kept in memory and in snapshots, never as an
    /// event per login (they would fill the journal). True when something changed.
    /// </summary>
    public bool Seen(int id, DateTimeOffset at)
    {
        if (!_byId.TryGetValue(id, out var account) || account.LastSeen >= at)
        {
            return false;
        }

        _byId[id] = account with { LastSeen = at };
        return true;
    }

    public void Apply(IPersisted evt)
    {
        switch (evt)
        {
            case UserRegistered r:
                Put(new UserAccount(r.Id, r.Username, r.FullName, r.Role, r.PasswordHash, r.At, null));
                NextId = Math.Max(NextId, r.Id + 1);
                break;
            case LastSeenRecorded seen when _byId.TryGetValue(seen.Id, out var account):
                _byId[seen.Id] = account with { LastSeen = seen.At };
                break;
            case PasswordHashReplaced replaced when _byId.TryGetValue(replaced.Id, out var account):
                _byId[replaced.Id] = account with { PasswordHash = replaced.PasswordHash };
                break;
            case ProfileChanged profile when _byId.TryGetValue(profile.Id, out var account):
                _byId[profile.Id] = account with { FullName = profile.FullName, Avatar = profile.Avatar, Bio = profile.Bio };
                break;
            case AccountBlocked blocked when _byId.TryGetValue(blocked.Id, out var account):
                _byId[blocked.Id] = account with { Blocked = blocked.Blocked };
                break;
            case AccountRoleChanged role when _byId.TryGetValue(role.Id, out var account):
                _byId[role.Id] = account with { Role = role.Role };
                break;
            case AccountDeleted deleted when _byId.Remove(deleted.Id, out var account):
                _byName.Remove(account.Username);
                break;
            case LastSeenRecorded or PasswordHashReplaced or ProfileChanged or AccountBlocked or AccountRoleChanged or AccountDeleted:
                break;
            case DirectorySnapshot snapshot:
                _byId.Clear();
                _byName.Clear();
                foreach (var account in snapshot.Users)
                {
                    Put(account);
                }

                NextId = snapshot.NextId;
                break;
            default:
                throw new ArgumentException($"Not a directory event: {evt.GetType().Name}", nameof(evt));
        }
    }

    public DirectorySnapshot ToSnapshot() => new([.. _byId.Values], NextId);

    private void Put(UserAccount account)
    {
        _byId[account.Id] = account;
        _byName[account.Username] = account.Id;
    }
}
