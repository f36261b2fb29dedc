using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>The authenticated REST calls of the messenger: users, my chats, chat history.</summary>
public static class MessengerEndpoints
{
    public static void MapMessengerEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithMessengerErrors().RequireAuthorization();
        api.MapGet("/users", ListUsers);
        api.MapGet("/chats", ListChats);
        api.MapGet("/messages/{chatId}", History);
    }

    private static async Task<IResult> ListUsers(MessengerActors actors)
    {
        var list = await actors.AskDirectory<UserList>(new ListUsers());
        return Results.Ok(new
        {
            users = list.Users.Select(u => new
            {
                id = u.Id,
                username = u.Username,
                full_name = u.FullName,
                fullName = u.FullName,
                avatar = (string?)null,
                online = list.Online.Contains(u.Id),
                lastSeen = u.LastSeen,
            }),
        });
    }

    private static async Task<IResult> ListChats(HttpContext http, MessengerActors actors)
    {
        var me = MessengerClaims.UserIdOf(http.User);
        var mine = await actors.AskUser<UserChats>(new GetChats(me), http.RequestAborted);
        var summaries = await Task.WhenAll(mine.ChatIds.Select(id => actors.AskChat<ChatSummary>(new GetSummary(id, me), http.RequestAborted)));
        return Results.Ok(new
        {
            chats = summaries
                .OrderByDescending(s => s.LastMessage?.CreatedAt ?? DateTimeOffset.MinValue)
                .Select(s => new
                {
                    chatId = s.ChatId,
                    kind = s.Kind.ToString().ToLowerInvariant(),
                    members = s.Members,
                    peerId = s.Kind == ChatKind.Direct ? s.Members.FirstOrDefault(m => m != me, me) : (int?)null,
                    lastMessage = s.LastMessage,
                    lastSeq = s.LastSeq,
                    readSeq = s.ReadSeq,
                    unreadCount = s.UnreadCount,
                }),
        });
    }

    private static async Task<IResult> History(string chatId, long? before, int? limit, HttpContext http, MessengerActors actors)
    {
        if (!ChatIds.IsWellFormed(chatId))
        {
            return ApiErrors.Error(ErrorCodes.InvalidChatId, "chatId is malformed.");
        }

        if (before is <= 0 || limit is <= 0)
        {
            return ApiErrors.Error(ErrorCodes.InvalidRequest, "before and limit must be positive.");
        }

        var me = MessengerClaims.UserIdOf(http.User);
        var page = await actors.AskChat<HistoryPage>(new GetHistory(chatId, me, before, limit ?? 0), http.RequestAborted);
        return Results.Ok(new { chatId = page.ChatId, messages = page.Messages, hasMore = page.HasMore });
    }
}
