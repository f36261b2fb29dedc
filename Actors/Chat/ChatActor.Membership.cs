using System.Security.Cryptography;
using Akka.Actor;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Text;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>Groups and channels: creation, members, roles, invites, chat info; and members' chat lists.</summary>
public sealed partial class ChatActor
{
    private void Handle(CreateChat cmd)
    {
        if (_state.Exists)
        {
            // A retried creation by the same owner gets the same answer.
            if (_state.Kind == cmd.Kind && _state.OwnerId == cmd.CreatorId)
            {
                Sender.Tell(new ChatCreatedReply(_state.Info));
            }
            else
            {
                Reject(ErrorCodes.InvalidRequest, "That chat id is taken.");
            }

            return;
        }

        if (cmd.Kind == ChatKind.Direct)
        {
            Reject(ErrorCodes.InvalidRequest, "Direct chats start with their first message.");
            return;
        }

        if (CheckInfo(cmd.Title, cmd.Description, cmd.Icon, titleRequired: true) is { } invalid)
        {
            Sender.Tell(invalid);
            return;
        }

        var others = cmd.Members.Where(m => m != cmd.CreatorId).Distinct().ToList();
        if (cmd.Kind == ChatKind.Group && others.Count + 1 > _settings.MaxGroupMembers)
        {
            Reject(ErrorCodes.TooManyMembers, $"A group has at most {_settings.MaxGroupMembers} members.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var members = others.Select(m => new MemberEntry(m, ChatRoles.Member, now)).Prepend(new MemberEntry(cmd.CreatorId, ChatRoles.Owner, now)).ToList();
        var title = VisibleText.Name(cmd.Title);
        var intro = SystemMessage(cmd.CreatorId, "chat_created", others, title: title);
        var created = new ChatCreated(
            _state.ChatId,
            cmd.Kind,
            members,
            now,
            title,
            cmd.Description?.Trim(),
            cmd.Icon?.Trim(),
            cmd.Kind == ChatKind.Channel && cmd.IsPublic,
            NewInviteSecret(),
            intro);
        var replyTo = Sender;
        PersistVisible(created, _ => replyTo.Tell(new ChatCreatedReply(_state.Info)));
    }

    private void Handle(AddMembers cmd)
    {
        if (!Exists() || Refuse(ChatRules.CanManageMembers(_state, cmd.ActorId)))
        {
            return;
        }

        var added = cmd.UserIds.Distinct().Where(u => !_state.IsMember(u)).ToList();
        if (added.Count == 0)
        {
            Sender.Tell(new ChatChanged(_state.Info));
            return;
        }

        if (_state.Kind == ChatKind.Group && _state.Members.Count + added.Count > _settings.MaxGroupMembers)
        {
            Reject(ErrorCodes.TooManyMembers, $"A group has at most {_settings.MaxGroupMembers} members.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        ChangeMembership(
            [.. added.Select(u => new MemberEntry(u, ChatRoles.Member, now))],
            [],
            SystemMessage(cmd.ActorId, "members_added", added));
    }

    private void Handle(RemoveMember cmd)
    {
        if (!Exists() || Refuse(ChatRules.CanRemove(_state, cmd.ActorId, cmd.UserId)))
        {
            return;
        }

        ChangeMembership([], [cmd.UserId], SystemMessage(cmd.ActorId, "member_removed", [cmd.UserId]), removedByOthers: true);
    }

    private void Handle(Leave cmd)
    {
        if (!Exists() || Refuse(ChatRules.CanLeave(_state, cmd.UserId)))
        {
            return;
        }

        // An owner who leaves hands the chat to the longest-serving admin, else the longest-serving member.
        var quietly = _state.Kind == ChatKind.Channel && _state.RoleOf(cmd.UserId) == ChatRoles.Member;
        var upserted = new List<MemberEntry>();
        if (_state.RoleOf(cmd.UserId) == ChatRoles.Owner
            && _state.Members.Values
                .Where(m => m.UserId != cmd.UserId)
                .OrderBy(m => m.Role == ChatRoles.Admin ? 0 : 1)
                .ThenBy(m => m.JoinedAt)
                .FirstOrDefault() is { } heir)
        {
            upserted.Add(heir with { Role = ChatRoles.Owner });
        }

        ChangeMembership(upserted, [cmd.UserId], quietly ? null : SystemMessage(cmd.UserId, "member_left", [cmd.UserId]));
    }

    private void Handle(Join cmd)
    {
        if (!Exists())
        {
            return;
        }

        if (_state.IsMember(cmd.UserId))
        {
            Sender.Tell(new ChatChanged(_state.Info));
            return;
        }

        if (Refuse(ChatRules.CanJoin(_state, cmd.InviteSecret, DateTimeOffset.UtcNow)))
        {
            return;
        }

        if (_state.Kind == ChatKind.Group && _state.Members.Count + 1 > _settings.MaxGroupMembers)
        {
            Reject(ErrorCodes.TooManyMembers, $"A group has at most {_settings.MaxGroupMembers} members.");
            return;
        }

        var note = _state.Kind == ChatKind.Channel ? null : SystemMessage(cmd.UserId, "member_joined", [cmd.UserId]);
        ChangeMembership([new MemberEntry(cmd.UserId, ChatRoles.Member, DateTimeOffset.UtcNow)], [], note, byInvite: cmd.InviteSecret is null ? null : _state.Invite?.Secret);
    }

    private void Handle(SetRole cmd)
    {
        if (!Exists() || Refuse(ChatRules.CanSetRole(_state, cmd.ActorId, cmd.UserId, cmd.Role)))
        {
            return;
        }

        var member = _state.Members[cmd.UserId];
        if (member.Role == cmd.Role)
        {
            Sender.Tell(new ChatChanged(_state.Info));
            return;
        }

        ChangeMembership([member with { Role = cmd.Role }], [], SystemMessage(cmd.ActorId, "role_changed", [cmd.UserId], role: cmd.Role));
    }

    private void Handle(UpdateInfo cmd)
    {
        if (!Exists() || Refuse(ChatRules.CanUpdateInfo(_state, cmd.ActorId)))
        {
            return;
        }

        if (CheckInfo(cmd.Title, cmd.Description, cmd.Icon, titleRequired: false) is { } invalid)
        {
            Sender.Tell(invalid);
            return;
        }

        var replyTo = Sender;
        var title = cmd.Title is null ? null : VisibleText.Name(cmd.Title);
        PersistVisible(
            new InfoChanged(title, cmd.Description?.Trim(), cmd.Icon?.Trim(), SystemMessage(cmd.ActorId, "chat_updated", [], title: title ?? _state.Title)),
            _ => replyTo.Tell(new ChatChanged(_state.Info)));
    }

    /// <summary>The current invite; a new one when there is none, or when asked to regenerate or given limits.</summary>
    private void Handle(GetInvite cmd)
    {
        if (!Exists() || Refuse(ChatRules.CanManageInvite(_state, cmd.ActorId)))
        {
            return;
        }

        if (_state.Invite is not null && !cmd.Regenerate && cmd.ExpiresIn is null && cmd.MaxUses is null)
        {
            Sender.Tell(CurrentInvite());
            return;
        }

        var expiresAt = cmd.ExpiresIn is { } ttl ? DateTimeOffset.UtcNow + ttl : (DateTimeOffset?)null;
        ChangeInvite(new InviteChanged(NewInviteSecret(), expiresAt, cmd.MaxUses, 0));
    }

    private void Handle(RevokeInvite cmd)
    {
        if (!Exists() || Refuse(ChatRules.CanManageInvite(_state, cmd.ActorId)))
        {
            return;
        }

        if (_state.Invite is null)
        {
            Sender.Tell(CurrentInvite());
            return;
        }

        ChangeInvite(new InviteChanged(null, null, null, 0));
    }

    private void ChangeInvite(InviteChanged changed)
    {
        var replyTo = Sender;
        Persist(changed, e =>
        {
            _state.Apply(e);
            replyTo.Tell(CurrentInvite());
            MaybeSnapshot();
        });
    }

    private Invite CurrentInvite() =>
        _state.Invite is { } invite
            ? new Invite(_state.ChatId, invite.Secret, invite.ExpiresAt, invite.MaxUses, invite.Uses)
            : new Invite(_state.ChatId, null);

    /// <param name="byInvite">The invite a joining user came with (it counts toward its use limit).</param>
    /// <param name="removedByOthers">The removed were removed by someone else (not leaving): the invite is rotated with the change.</param>
    private void ChangeMembership(IReadOnlyList<MemberEntry> upserted, IReadOnlyList<int> removed, MessageView? systemMessage, string? byInvite = null, bool removedByOthers = false)
    {
        var replyTo = Sender;
        var membership = new MembershipChanged(upserted, removed, systemMessage, byInvite);
        void Reply(ChatUpdate? _)
        {
            replyTo.Tell(new ChatChanged(_state.Info));
            Deliver(removed, new ClientEvent(ClientEventNames.ChatRemoved, new ChatRemovedEvent(_state.ChatId)), null);
        }

        if (!ChatRules.RotatesInvite(_state, upserted, removedByOthers ? removed : []))
        {
            PersistVisible(membership, Reply, alsoTell: removed);
            return;
        }

        // One atomic write: nobody is ever out of the chat while the invite they knew still works.
        var invite = _state.Invite!;
        var rotated = new InviteChanged(NewInviteSecret(), invite.ExpiresAt, invite.MaxUses, invite.Uses);
        PersistAll(new IPersisted[] { membership, rotated }, e =>
        {
            if (e is MembershipChanged)
            {
                OnPersisted(e, Reply, null, removed);
            }
            else
            {
                _state.Apply(e);
                MaybeSnapshot();
            }
        });
    }

    /// <summary>
    /// A member of a direct chat blocks the other (or lifts it). Stored in this chat's journal even
    /// before its first message, so neither a send nor the start of the chat has to ask anyone.
    /// </summary>
    private void Handle(SetDirectBlock cmd)
    {
        if (Refuse(ChatRules.CanBlockIn(_state.ChatId, cmd.BlockerId)))
        {
            return;
        }

        var replyTo = Sender;
        if (_state.BlockedBy.Contains(cmd.BlockerId) == cmd.Blocked)
        {
            replyTo.Tell(new DirectBlockSet(_state.ChatId, [.. _state.BlockedBy]));
            return;
        }

        Persist(new DirectBlockChanged(cmd.BlockerId, cmd.Blocked, DateTimeOffset.UtcNow), e =>
        {
            _state.Apply(e);
            replyTo.Tell(new DirectBlockSet(_state.ChatId, [.. _state.BlockedBy]));

            // A snapshot restores a chat as existing: one that has no message yet keeps its journal only.
            if (_state.Exists)
            {
                MaybeSnapshot();
            }
        });
    }

    private Rejected? CheckInfo(string? title, string? description, string? icon, bool titleRequired)
    {
        if ((titleRequired || title is not null) && (VisibleText.IsBlankName(title) || VisibleText.Name(title!).Length > _settings.MaxTitleLength || title!.Any(char.IsControl)))
        {
            return new Rejected(ErrorCodes.InvalidTitle, $"A title is 1..{_settings.MaxTitleLength} printable characters.");
        }

        if (description is not null && description.Length > _settings.MaxDescriptionLength)
        {
            return new Rejected(ErrorCodes.InvalidRequest, $"A description is at most {_settings.MaxDescriptionLength} characters.");
        }

        return icon is not null && (icon.Length > 512 || icon.Any(char.IsControl))
            ? new Rejected(ErrorCodes.InvalidRequest, "An icon is at most 512 printable characters (an emoji or a file id).")
            : null;
    }

    private static string NewInviteSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Tells each user whose membership changed and who has not confirmed it yet, and again every few
    /// seconds until they confirm: a crash between the change and the user recording it must not
    /// leave a chat missing from (or stuck in) anyone's list.
    /// </summary>
    private void NotifyMembers()
    {
        if (_state.PendingNotices.Count == 0)
        {
            Timers.Cancel(nameof(RenotifyMembers));
            return;
        }

        foreach (var user in _state.PendingNotices)
        {
            var isMember = _state.IsMember(user);
            _users.Tell(new UserProtocol.MembershipNotice(user, _state.ChatId, isMember, isMember ? PeersOf(user) : []));
        }

        Timers.StartSingleTimer(nameof(RenotifyMembers), RenotifyMembers.Instance, TimeSpan.FromSeconds(3));
    }

    /// <summary>Whose presence a member follows through this chat: everyone in a direct chat or group, nobody in a channel.</summary>
    private List<int> PeersOf(int user) =>
        _state.Kind == ChatKind.Channel ? [] : [.. _state.MemberIds.Where(m => m != user)];

    private void OnMembershipRecorded(UserProtocol.MembershipRecorded recorded)
    {
        // An answer to an older notice (joined, then removed before it was recorded) settles nothing.
        if (!_state.PendingNotices.Contains(recorded.UserId) || recorded.IsMember != _state.IsMember(recorded.UserId))
        {
            return;
        }

        Persist(new MembersNotified([recorded.UserId]), evt =>
        {
            _state.Apply(evt);
            if (_state.PendingNotices.Count == 0)
            {
                Timers.Cancel(nameof(RenotifyMembers));
            }

            MaybeSnapshot();
        });
    }
}
