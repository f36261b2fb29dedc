using ActorMessenger.Actors;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>Search: messages of my chats (full text), users, public channels.</summary>
public static class SearchEndpoints
{
    public const int MaxQueryLength = 200;

    public static void MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/api/search").WithMessengerErrors().RequireAuthorization();
        search.MapGet("/messages", Messages);
        search.MapGet("/users", Users);
        search.MapGet("/channels", Channels);
    }

    private static async Task<IResult> Messages(string? q, int? limit, string? chatId, HttpContext http, MessengerActors actors, IMessageHistoryStore history)
    {
        var query = RequireQuery(q);
        var me = MessengerClaims.UserIdOf(http.User);
        var mine = await actors.AskUser<UserChats>(new GetChats(me), http.RequestAborted);
        IReadOnlyCollection<string> scope = chatId is null ? mine.ChatIds : mine.ChatIds.Where(c => c == chatId).ToList();
        var found = await history.SearchAsync(scope, query, Math.Clamp(limit ?? 50, 1, 200), http.RequestAborted);
        return Results.Ok(new { messages = found });
    }

    private static async Task<IResult> Users(string? q, int? limit, MessengerActors actors, HttpContext http, UserConsent consent)
    {
        var list = await actors.AskDirectory<UserList>(new SearchUsers(RequireQuery(q), limit ?? 20));
        return Results.Ok(new { users = await MessengerEndpoints.PublicUsers(list, http, consent) });
    }

    private static async Task<IResult> Channels(string? q, int? limit, IMessageHistoryStore history, HttpContext http)
    {
        var found = await history.SearchChannelsAsync(q?.Trim() ?? string.Empty, Math.Clamp(limit ?? 50, 1, 200), http.RequestAborted);
        return Results.Ok(new { channels = found.Select(MessengerEndpoints.Info) });
    }

    private static string RequireQuery(string? q) =>
        string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength
            ? throw new MessengerException(ErrorCodes.InvalidQuery, $"q must be 1..{MaxQueryLength} characters.")
            : q;
}
