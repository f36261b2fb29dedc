using System.Text.Json;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Microsoft.AspNetCore.SignalR;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>Hub methods for groups and channels: create, members, roles, invites, chat info.</summary>
public sealed partial class MessengerHub
{
    [HubMethodName("create_group")]
    public async Task<ChatInfo> CreateGroup(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.CreateGroup>(payload, Me);
        var members = r.MemberIds ?? [];
        await RequireUsers(members);
        await consent.RequireMayAdd(Me, members, Context.ConnectionAborted);
        limits.TakeChatCreation(Me);
        var created = await actors.AskChat<ChatCreatedReply>(new CreateChat(ChatIds.NewGroup(), ChatKind.Group, Me, r.Title ?? string.Empty, r.Description, r.Icon, IsPublic: false, members));
        return created.Info;
    }

    [HubMethodName("create_channel")]
    public async Task<ChatInfo> CreateChannel(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.CreateChannel>(payload, Me);
        limits.TakeChatCreation(Me);
        var created = await actors.AskChat<ChatCreatedReply>(new CreateChat(ChatIds.NewChannel(), ChatKind.Channel, Me, r.Name ?? string.Empty, r.Description, r.Icon, r.IsPublic ?? true, []));
        return created.Info;
    }

    [HubMethodName("add_members")]
    public async Task<ChatInfo> AddMembers(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.Members>(payload, Me);
        var chatId = HubRequests.RequireChatId(r.ChatId);
        var userIds = r.UserIds is { Count: > 0 } ids ? ids : throw new MessengerException(ErrorCodes.InvalidRequest, "userIds must list at least one user.");
        await RequireUsers(userIds);
        await consent.RequireMayAdd(Me, userIds, Context.ConnectionAborted);
        return (await actors.AskChat<ChatChanged>(new ChatProtocol.AddMembers(chatId, Me, userIds))).Info;
    }

    [HubMethodName("remove_member")]
    public async Task<ChatInfo> RemoveMember(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.Member>(payload, Me);
        var userId = r.UserId ?? throw new MessengerException(ErrorCodes.InvalidRequest, "userId is required.");
        return (await actors.AskChat<ChatChanged>(new ChatProtocol.RemoveMember(HubRequests.RequireChatId(r.ChatId), Me, userId))).Info;
    }

    [HubMethodName("set_role")]
    public async Task<ChatInfo> SetRole(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.Member>(payload, Me);
        var userId = r.UserId ?? throw new MessengerException(ErrorCodes.InvalidRequest, "userId is required.");
        return (await actors.AskChat<ChatChanged>(new ChatProtocol.SetRole(HubRequests.RequireChatId(r.ChatId), Me, userId, r.Role ?? string.Empty))).Info;
    }

    [HubMethodName("leave_chat")]
    public async Task<ChatInfo> LeaveChat(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.ChatOnly>(payload, Me);
        return (await actors.AskChat<ChatChanged>(new Leave(HubRequests.RequireChatId(r.ChatId), Me))).Info;
    }

    /// <summary>Joins a public channel by id, or any group or channel with an invite (<c>chatId.secret</c>).</summary>
    [HubMethodName("join_chat")]
    public async Task<ChatInfo> JoinChat(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.JoinChat>(payload, Me);
        string chatId;
        string? secret = null;
        if (r.Invite is { } invite)
        {
            var dot = invite.IndexOf('.', StringComparison.Ordinal);
            chatId = dot > 0 && ChatIds.IsWellFormed(invite[..dot]) ? invite[..dot] : throw new MessengerException(ErrorCodes.InvalidInvite, "The invite is not valid.");
            secret = invite[(dot + 1)..];
        }
        else
        {
            chatId = HubRequests.RequireChatId(r.ChatId);
        }

        return (await actors.AskChat<ChatChanged>(new Join(chatId, Me, secret))).Info;
    }

    /// <summary>The chat's invite (owner and admins); a new one with <c>regenerate</c>, <c>expiresIn</c> or <c>maxUses</c>.</summary>
    [HubMethodName("get_invite")]
    public async Task<InviteAnswer> GetInvite(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.GetInvite>(payload, Me);
        var chatId = HubRequests.RequireChatId(r.ChatId);
        if (r.ExpiresIn is < 1 or > MaxInviteSeconds)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, $"expiresIn is 1..{MaxInviteSeconds} seconds.");
        }

        if (r.MaxUses is < 1 or > MaxInviteUses)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, $"maxUses is 1..{MaxInviteUses}.");
        }

        var expiresIn = r.ExpiresIn is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return InviteAnswer.Of(await actors.AskChat<Invite>(new ChatProtocol.GetInvite(chatId, Me, r.Regenerate ?? false, expiresIn, r.MaxUses)));
    }

    /// <summary>Revokes the chat's invite: it answers invite_revoked from now on, and the chat has none until get_invite.</summary>
    [HubMethodName("revoke_invite")]
    public async Task<InviteAnswer> RevokeInvite(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.ChatOnly>(payload, Me);
        return InviteAnswer.Of(await actors.AskChat<Invite>(new ChatProtocol.RevokeInvite(HubRequests.RequireChatId(r.ChatId), Me)));
    }

    [HubMethodName("update_chat")]
    public async Task<ChatInfo> UpdateChat(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.UpdateChat>(payload, Me);
        return (await actors.AskChat<ChatChanged>(new UpdateInfo(HubRequests.RequireChatId(r.ChatId), Me, r.Title ?? r.Name, r.Description, r.Icon))).Info;
    }

    private const long MaxInviteSeconds = 366L * 24 * 60 * 60;

    private const int MaxInviteUses = 100_000;

    /// <summary>An invite as clients see it: <c>invite</c> is <c>"{chatId}.{secret}"</c>, or null when revoked.</summary>
    public sealed record InviteAnswer(string ChatId, string? Invite, DateTimeOffset? ExpiresAt, int? MaxUses, int Uses)
    {
        public static InviteAnswer Of(Invite invite) =>
            new(invite.ChatId, invite.Secret is { } secret ? $"{invite.ChatId}.{secret}" : null, invite.ExpiresAt, invite.MaxUses, invite.Uses);
    }

    private async Task RequireUsers(IEnumerable<int> userIds)
    {
        foreach (var id in userIds.Distinct())
        {
            if (id <= 0 || await users.Find(id) is null)
            {
                throw new MessengerException(ErrorCodes.UnknownUser, $"There is no user {id}.");
            }
        }
    }
}
