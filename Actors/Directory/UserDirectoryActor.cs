using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Text;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorMessenger.Actors.Protocol.DirectoryEvents;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Actors.Directory;

/// <summary>
/// The one place that hands out user ids and keeps usernames unique (a persistent cluster
/// singleton). It also tracks who is online, which is live state rebuilt as users reconnect.
/// Only account changes are events; last seen (every login and disconnect) is kept in memory and
/// saved with a snapshot at most every <c>messenger.directory.last-seen-snapshot-interval</c>, so
/// connecting never grows the journal. Persistence id: <c>user-directory</c>.
/// </summary>
public sealed class UserDirectoryActor : ReceivePersistentActor, IWithTimers
{
    private const string SnapshotTimer = "last-seen-snapshot";

    private readonly DirectoryState _state = new();
    private readonly OnlineSet _online = new();
    private readonly MessengerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _eventsSinceSnapshot;
    private bool _lastSeenUnsaved;

    public UserDirectoryActor(MessengerSettings settings)
    {
        _settings = settings;
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is DirectorySnapshot snapshot)
            {
                _state.Apply(snapshot);
                _eventsSinceSnapshot = 0;
            }
        });
        Recover<IPersisted>(evt =>
        {
            _state.Apply(evt);
            _eventsSinceSnapshot++;
        });

        Command<Register>(OnRegister);
        Command<FindByUsername>(f => Sender.Tell(new Found(_state.ByName(f.Username))));
        Command<FindById>(f => Sender.Tell(new Found(_state.ById(f.UserId))));
        Command<ListUsers>(_ => Sender.Tell(new UserList([.. _state.Users], new HashSet<int>(_online.Ids))));
        Command<CountUsers>(_ => Sender.Tell(new UserCount(_state.Count)));
        Command<GetOnlineUsers>(_ => Sender.Tell(new OnlineUsers(_online.Ids)));
        Command<ListOnlineFor>(list => Sender.Tell(new ConnectedOnline(list.Connected, _online.Ids)));
        Command<RecordLogin>(login => Seen(login.UserId, login.At));
        Command<LastSeenSnapshotDue>(_ =>
        {
            if (_lastSeenUnsaved)
            {
                TakeSnapshot();
            }
        });
        Command<ChangePasswordHash>(OnChangePassword);
        Command<UpdateProfile>(OnUpdateProfile);
        Command<SearchUsers>(search =>
        {
            var q = search.Query.Trim();
            var found = _state.Users
                .Where(u => u.Username.Contains(q, StringComparison.OrdinalIgnoreCase) || u.FullName.Contains(q, StringComparison.CurrentCultureIgnoreCase))
                .OrderBy(u => u.Username.StartsWith(q, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(u => u.Username, StringComparer.OrdinalIgnoreCase)
                .Take(Math.Clamp(search.Limit, 1, 100))
                .ToList();
            Sender.Tell(new UserList(found, new HashSet<int>(found.Select(u => u.Id).Where(_online.Contains))));
        });
        Command<PresenceChanged>(OnPresenceChanged);
        Command<SetBlocked>(cmd => Administer(
            cmd.AdminId,
            cmd.UserId,
            cmd.Blocked ? AccountAdminRules.Change.Block : AccountAdminRules.Change.Unblock,
            new AccountBlocked(cmd.UserId, cmd.Blocked, cmd.AdminId, cmd.At)));
        Command<SetAccountRole>(cmd =>
        {
            if (cmd.Role is not (Roles.Admin or Roles.User))
            {
                Sender.Tell(new Rejected(ErrorCodes.InvalidRole, "role is 'admin' or 'user'."));
                return;
            }

            Administer(
                cmd.AdminId,
                cmd.UserId,
                cmd.Role == Roles.Admin ? AccountAdminRules.Change.GrantAdmin : AccountAdminRules.Change.TakeAdmin,
                new AccountRoleChanged(cmd.UserId, cmd.Role, cmd.AdminId, cmd.At));
        });
        Command<DeleteAccount>(cmd => Administer(cmd.AdminId, cmd.UserId, AccountAdminRules.Change.Delete, new AccountDeleted(cmd.UserId, cmd.AdminId, cmd.At)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Directory snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "user-directory";

    public static Props Props(MessengerSettings settings) => Akka.Actor.Props.Create(() => new UserDirectoryActor(settings));

    private void OnRegister(Register register)
    {
        if ((AccountRules.CheckUsername(register.Username) ?? AccountRules.CheckFullName(register.FullName)) is { } invalid)
        {
            Sender.Tell(invalid);
            return;
        }

        if (_state.ByName(register.Username) is not null)
        {
            Sender.Tell(new Rejected(ErrorCodes.UsernameTaken, $"Username '{register.Username}' is taken."));
            return;
        }

        var replyTo = Sender;
        var fullName = VisibleText.IsBlankName(register.FullName) ? register.Username : VisibleText.Name(register.FullName);
        var evt = new UserRegistered(_state.NextId, register.Username, fullName, register.Role, register.PasswordHash, DateTimeOffset.UtcNow);
        PersistAndMaybeSnapshot(evt, () => replyTo.Tell(new Registered(_state.ById(evt.Id)!)));
    }

    private void OnChangePassword(ChangePasswordHash change)
    {
        if (_state.ById(change.UserId) is null)
        {
            Sender.Tell(new Rejected(ErrorCodes.UnknownUser, "No such user."));
            return;
        }

        var replyTo = Sender;
        PersistAndMaybeSnapshot(new PasswordHashReplaced(change.UserId, change.PasswordHash), () => replyTo.Tell(new PasswordHashChanged(change.UserId)));
    }

    private void OnUpdateProfile(UpdateProfile update)
    {
        if (_state.ById(update.UserId) is not { } account)
        {
            Sender.Tell(new Rejected(ErrorCodes.UnknownUser, "No such user."));
            return;
        }

        if ((AccountRules.CheckFullName(update.FullName) ?? AccountRules.CheckProfile(update.Avatar, update.Bio)) is { } invalid)
        {
            Sender.Tell(invalid);
            return;
        }

        var fullName = VisibleText.IsBlankName(update.FullName) ? account.FullName : VisibleText.Name(update.FullName!);
        var avatar = update.Avatar is null ? account.Avatar : update.Avatar.Length == 0 ? null : update.Avatar;
        var bio = update.Bio is null ? account.Bio : update.Bio.Length == 0 ? null : update.Bio;
        var replyTo = Sender;
        PersistAndMaybeSnapshot(new ProfileChanged(update.UserId, fullName, avatar, bio), () => replyTo.Tell(new ProfileUpdated(_state.ById(update.UserId)!)));
    }

    /// <summary>An admin's change to an account, once the rules allow it; answered with the account.</summary>
    private void Administer(int adminId, int userId, AccountAdminRules.Change change, IPersisted evt)
    {
        if (AccountAdminRules.Check(_state.Users, adminId, userId, change) is { } refused)
        {
            Sender.Tell(refused);
            return;
        }

        var before = _state.ById(userId)!;
        var replyTo = Sender;
        PersistAndMaybeSnapshot(evt, () => replyTo.Tell(new AccountChanged(_state.ById(userId) ?? before)));
    }

    private void OnPresenceChanged(PresenceChanged change)
    {
        var status = new UserStatus(change.UserId, change.Online, change.Online ? _state.ById(change.UserId)?.LastSeen : change.At);
        if (change.Online)
        {
            _online.Add(change.UserId);
        }
        else
        {
            _online.Remove(change.UserId);
            Seen(change.UserId, change.At);
        }

        Sender.Tell(new OnlineContacts(change.UserId, status, change.Contacts.Count == 0 ? [] : OnlineAmong(change.Contacts)));
    }

    /// <remarks>Once per presence change of every user: a loop, not a filter with a delegate and its iterator.</remarks>
    private List<int> OnlineAmong(IReadOnlyList<int> contacts)
    {
        var online = new List<int>();
        for (var i = 0; i < contacts.Count; i++)
        {
            if (_online.Contains(contacts[i]))
            {
                online.Add(contacts[i]);
            }
        }

        return online;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void Seen(int userId, DateTimeOffset at)
    {
        if (_state.Seen(userId, at) && !_lastSeenUnsaved)
        {
            _lastSeenUnsaved = true;
            Timers.StartSingleTimer(SnapshotTimer, LastSeenSnapshotDue.Instance, _settings.DirectorySnapshotInterval);
        }
    }

    private void PersistAndMaybeSnapshot(IPersisted evt, Action? then = null) =>
        Persist(evt, e =>
        {
            _state.Apply(e);
            then?.Invoke();
            if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
            {
                TakeSnapshot();
            }
        });

    private void TakeSnapshot()
    {
        _eventsSinceSnapshot = 0;
        _lastSeenUnsaved = false;
        Timers.Cancel(SnapshotTimer);
        SaveSnapshot(_state.ToSnapshot());
    }

    /// <summary>Stopping (a shutdown, a hand-over): last seen not yet in a snapshot is saved on the way out.</summary>
    protected override void PostStop()
    {
        if (_lastSeenUnsaved)
        {
            SaveSnapshot(_state.ToSnapshot());
        }

        base.PostStop();
    }

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed class LastSeenSnapshotDue : INoSerializationVerificationNeeded
    {
        public static readonly LastSeenSnapshotDue Instance = new();
    }
}
