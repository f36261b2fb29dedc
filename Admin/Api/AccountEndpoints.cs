using ActorMessenger.Actors;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static ActorMessenger.Actors.Protocol.AdminProtocol;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>
/// Accounts: block and unblock (the gentle option), grant and take the admin role, delete
/// (<c>DELETE /admin/users/{id}</c>, the old path). Blocking, deleting or changing a role ends every
/// session of the account at once: its tokens stop on REST and the hub, its connections close.
/// </summary>
public static class AccountEndpoints
{
    public sealed record RoleRequest(string? Role);

    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapPost("/users/{id:int}/block", (int id, AdminContext ctx) => Change(ctx, id, new SetBlocked(id, true, ctx.AdminId, ctx.Now), AuditActions.UserBlocked, endSessions: true));
        admin.MapPost("/users/{id:int}/unblock", (int id, AdminContext ctx) => Change(ctx, id, new SetBlocked(id, false, ctx.AdminId, ctx.Now), AuditActions.UserUnblocked, endSessions: false));
        admin.MapPost("/users/{id:int}/role", (int id, RoleRequest? body, AdminContext ctx) =>
            Change(ctx, id, new SetAccountRole(id, body?.Role ?? string.Empty, ctx.AdminId, ctx.Now), AuditActions.RoleChanged, endSessions: true, details: body?.Role));
        admin.MapDelete("/users/{id:int}", Delete);
        return admin;
    }

    private static async Task<IResult> Change(AdminContext ctx, int id, object command, string action, bool endSessions, string? details = null)
    {
        var changed = await ctx.Directory.AskFor<AccountChanged>(command, AdminContext.AskTimeout, ctx.Aborted);

        // A role lives in the token: the account logs in again to get its new one.
        if (endSessions)
        {
            await ctx.Users.AskFor<SessionProtocol.SessionsEnded>(new SessionProtocol.EndAllSessions(id, SessionEndReasons.EndedByAdmin), AdminContext.AskTimeout, ctx.Aborted);
        }

        await ctx.Audit(action, changed.Account.Username, details);
        return Results.Ok(new { success = true, user = View(changed.Account) });
    }

    /// <summary>
    /// Deletes the account: its sessions end, it leaves every group and channel (an owner hands over
    /// as when leaving), its username is free again; and, as the old server did, every message it
    /// sent is deleted (members see <c>message_deleted</c>; the content and files leave storage like
    /// any deleted message's). The account is gone first, so it sends nothing more meanwhile.
    /// </summary>
    private static async Task<IResult> Delete(int id, AdminContext ctx, IMessageHistoryStore history)
    {
        var chats = await ctx.Users.AskFor<UserProtocol.UserChats>(new UserProtocol.GetChats(id), AdminContext.AskTimeout, ctx.Aborted);
        var deleted = await ctx.Directory.AskFor<AccountChanged>(new DeleteAccount(id, ctx.AdminId, ctx.Now), AdminContext.AskTimeout, ctx.Aborted);
        await ctx.Users.AskFor<SessionProtocol.SessionsEnded>(new SessionProtocol.EndAllSessions(id, SessionEndReasons.EndedByAdmin), AdminContext.AskTimeout, ctx.Aborted);
        var left = 0;
        foreach (var chatId in chats.ChatIds.Where(c => !ChatIds.TryParseDirect(c, out _, out _)))
        {
            try
            {
                await ctx.Chats.AskFor<ChatProtocol.ChatChanged>(new ChatProtocol.Leave(chatId, id), AdminContext.AskTimeout, ctx.Aborted);
                left++;
            }
            catch (MessengerException ex) when (ex.Code == ErrorCodes.NotMember)
            {
                // Already gone from it.
            }
        }

        var messages = await DeleteMessagesOf(id, chats.ChatIds, ctx, history);
        await ctx.Audit(AuditActions.UserDeleted, deleted.Account.Username, $"left {left} chats, deleted {messages} messages");
        return Results.Ok(new { success = true, user = View(deleted.Account), leftChats = left, deletedMessages = messages });
    }

    /// <summary>
    /// Every chat the account is in, or left earlier but sent messages to, deletes what it sent.
    /// Not tied to the request: an admin who closes the page does not leave it half done.
    /// </summary>
    private static async Task<int> DeleteMessagesOf(int id, IEnumerable<string> current, AdminContext ctx, IMessageHistoryStore history)
    {
        var chats = current.Union(await history.ChatsWithMessagesFromAsync(id, CancellationToken.None), StringComparer.Ordinal).ToList();
        var deleted = 0;
        foreach (var chatId in chats)
        {
            try
            {
                deleted += (await ctx.Chats.AskFor<ChatProtocol.SenderMessagesDeleted>(new ChatProtocol.DeleteMessagesFrom(chatId, id, ctx.AdminId), AdminContext.AskTimeout, CancellationToken.None)).Count;
            }
            catch (MessengerException ex) when (ex.Code == ErrorCodes.UnknownChat)
            {
                // A direct chat that never had a message.
            }
        }

        return deleted;
    }

    private static object View(UserAccount a) => new
    {
        id = a.Id,
        username = a.Username,
        full_name = a.FullName,
        fullName = a.FullName,
        role = a.Role,
        blocked = a.Blocked,
    };
}
