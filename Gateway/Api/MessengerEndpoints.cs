using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>The authenticated REST calls about users and chats: lists, details, history, pins.</summary>
public static class MessengerEndpoints
{
    public static void MapMessengerEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithMessengerErrors().RequireAuthorization();
        api.MapGet("/users", ListUsers);
        api.MapGet("/chats", ListChats);
        api.MapGet("/chats/{chatId}", ChatDetails);
        api.MapGet("/chats/{chatId}/members", Members);
        api.MapGet("/chats/{chatId}/pins", Pins);
        api.MapGet("/messages/{chatId}", History);
    }

    /// <summary>A user as others see them; the old server's snake_case names are kept beside ours.</summary>
    public static object PublicUser(UserAccount u, bool online, bool presenceHidden = false) => new
    {
        id = u.Id,
        username = u.Username,
        full_name = u.FullName,
        fullName = u.FullName,
        avatar = u.Avatar,
        bio = u.Bio,
        online = online && !presenceHidden,
        lastSeen = presenceHidden ? null : u.LastSeen,
    };

    /// <summary>The users of <paramref name="list"/> as the caller may see them: without the presence of those who block the caller.</summary>
    public static async Task<IEnumerable<object>> PublicUsers(UserList list, HttpContext http, UserConsent consent)
    {
        var hidden = await consent.PresenceHiddenFrom(MessengerClaims.UserIdOf(http.User), http.RequestAborted);
        return list.Users.Select(u => PublicUser(u, list.Online.Contains(u.Id), hidden.Contains(u.Id)));
    }

    private static async Task<IResult> ListUsers(MessengerActors actors, HttpContext http, UserConsent consent)
    {
        var list = await actors.AskDirectory<UserList>(new ListUsers());
        return Results.Ok(new { users = await PublicUsers(list, http, consent) });
    }

    private static async Task<IResult> ListChats(HttpContext http, MessengerActors actors)
    {
        var me = MessengerClaims.UserIdOf(http.User);
        var mine = await actors.AskUser<UserChats>(new GetChats(me), http.RequestAborted);
        var summaries = await actors.AskEachChat<ChatSummary>(mine.ChatIds, id => new GetSummary(id, me), http.RequestAborted);
        return Results.Ok(new
        {
            chats = summaries
                .OrderByDescending(s => s.LastMessage?.CreatedAt ?? s.Info.CreatedAt)
                .Select(s => new
                {
                    chatId = s.Info.ChatId,
                    kind = Kind(s.Info.Kind),
                    title = s.Info.Title,
                    description = s.Info.Description,
                    icon = s.Info.Icon,
                    isPublic = s.Info.IsPublic,
                    memberCount = s.Info.MemberCount,
                    members = s.Members,
                    myRole = s.MyRole,
                    peerId = s.Info.Kind == ChatKind.Direct ? s.Members.FirstOrDefault(m => m != me, me) : (int?)null,
                    lastMessage = s.LastMessage,
                    lastSeq = s.LastSeq,
                    lastUpdateSeq = s.LastUpdateSeq,
                    readSeq = s.ReadSeq,
                    unreadCount = s.UnreadCount,
                    othersReadSeq = s.OthersReadSeq,
                }),
        });
    }

    private static async Task<IResult> ChatDetails(string chatId, HttpContext http, MessengerActors actors)
    {
        var details = await actors.AskChat<ChatDetails>(new GetInfo(RequireChatId(chatId), MessengerClaims.UserIdOf(http.User)), http.RequestAborted);
        return Results.Ok(new
        {
            chat = Info(details.Info),
            members = details.Members.Select(Member),
            moreMembers = details.MoreMembers,
            pins = details.Pins,
        });
    }

    private static async Task<IResult> Members(string chatId, int? offset, int? limit, HttpContext http, MessengerActors actors)
    {
        if (offset is < 0 || limit is <= 0)
        {
            return ApiErrors.Error(ErrorCodes.InvalidRequest, "offset must not be negative and limit must be positive.");
        }

        var page = await actors.AskChat<MembersPage>(new GetMembers(RequireChatId(chatId), MessengerClaims.UserIdOf(http.User), offset ?? 0, limit ?? 0), http.RequestAborted);
        return Results.Ok(new { chatId = page.ChatId, memberCount = page.Total, members = page.Members.Select(Member), hasMore = page.HasMore });
    }

    private static object Member(MemberEntry m) => new { userId = m.UserId, role = m.Role, joinedAt = m.JoinedAt };

    private static async Task<IResult> Pins(string chatId, HttpContext http, MessengerActors actors)
    {
        var pins = await actors.AskChat<PinnedMessages>(new GetPins(RequireChatId(chatId), MessengerClaims.UserIdOf(http.User)), http.RequestAborted);
        return Results.Ok(new { chatId = pins.ChatId, pins = pins.Pins.Select(p => new { seq = p.Pin.Seq, pinnedBy = p.Pin.PinnedBy, pinnedAt = p.Pin.PinnedAt, message = p.Message }) });
    }

    private static async Task<IResult> History(string chatId, long? before, int? limit, HttpContext http, MessengerActors actors)
    {
        if (before is <= 0 || limit is <= 0)
        {
            return ApiErrors.Error(ErrorCodes.InvalidRequest, "before and limit must be positive.");
        }

        var me = MessengerClaims.UserIdOf(http.User);
        var page = await actors.AskChat<HistoryPage>(new GetHistory(RequireChatId(chatId), me, before, limit ?? 0), http.RequestAborted);
        return Results.Ok(new { chatId = page.ChatId, messages = page.Messages, hasMore = page.HasMore });
    }

    public static object Info(ChatInfo i) => new
    {
        chatId = i.ChatId,
        kind = Kind(i.Kind),
        title = i.Title,
        description = i.Description,
        icon = i.Icon,
        isPublic = i.IsPublic,
        ownerId = i.OwnerId,
        memberCount = i.MemberCount,
        createdAt = i.CreatedAt,
    };

    public static string Kind(ChatKind kind) => kind.ToString().ToLowerInvariant();

    public static string RequireChatId(string chatId) =>
        ChatIds.IsWellFormed(chatId) ? chatId : throw new MessengerException(ErrorCodes.InvalidChatId, "chatId is malformed.");
}
