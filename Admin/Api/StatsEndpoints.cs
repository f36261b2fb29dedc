using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Stats;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>
/// Figures for the admin panel, all from the statistics aggregator (never a table count per request):
/// <c>/admin/stats</c> (the old server's fields, and more), <c>/admin/live</c> (what the actors are
/// doing now), <c>/admin/messages</c>; and <c>/admin/users</c> from the user directory.
/// </summary>
public static class StatsEndpoints
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapStatsEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/stats", Stats);
        admin.MapGet("/live", Live);
        admin.MapGet("/messages", Messages);
        admin.MapGet("/users", Users);
        return admin;
    }

    private static Task<StatsReport> Report(IRequiredActor<StatsKey> stats, CancellationToken ct) =>
        stats.ActorRef.AskFor<StatsReport>(new GetStats(), AdminContext.AskTimeout, ct);

    private static async Task<IResult> Stats(IRequiredActor<StatsKey> stats, HttpContext http) =>
        Results.Ok(StatsViews.Stats(await Report(stats, http.RequestAborted)));

    private static async Task<IResult> Live(IRequiredActor<StatsKey> stats, HttpContext http) =>
        Results.Ok(StatsViews.Live(await Report(stats, http.RequestAborted)));

    private static async Task<IResult> Messages(IRequiredActor<StatsKey> stats, IRequiredActor<DirectoryKey> directory, HttpContext http)
    {
        var r = await Report(stats, http.RequestAborted);
        var users = await directory.ActorRef.AskFor<UserList>(new ListUsers(), AdminContext.AskTimeout, http.RequestAborted);
        var names = users.Users.ToDictionary(u => u.Id, u => u.Username);
        string? NameOf(int id) => names.GetValueOrDefault(id);
        return Results.Ok(new
        {
            messages = r.RecentMessages.Select(m =>
            {
                int? recipient = ChatIds.TryParseDirect(m.ChatId, out var low, out var high) ? (m.SenderId == low ? high : low) : null;
                return new
                {
                    id = m.Id,
                    chat_id = m.ChatId,
                    chatId = m.ChatId,
                    seq = m.Seq,
                    sender_id = m.SenderId,
                    sender_name = NameOf(m.SenderId),
                    recipient_id = recipient,
                    recipient_name = recipient is { } r2 ? NameOf(r2) : null,
                    text = m.Text,
                    type = m.Type,
                    timestamp = m.CreatedAt,
                    attachment = m.Attachment,
                };
            }),
        });
    }

    private static async Task<IResult> Users(IRequiredActor<DirectoryKey> directory, HttpContext http, string? q, int? offset, int? limit)
    {
        if (offset is < 0 || limit is < 1 or > MaxPageSize || q is { Length: > 200 })
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, $"offset ≥ 0, limit 1..{MaxPageSize}, q at most 200 characters.");
        }

        var list = await directory.ActorRef.AskFor<UserList>(new ListUsers(), AdminContext.AskTimeout, http.RequestAborted);
        var matching = list.Users
            .Where(u => string.IsNullOrWhiteSpace(q)
                || u.Username.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
                || u.FullName.Contains(q.Trim(), StringComparison.CurrentCultureIgnoreCase))
            .OrderBy(u => u.Id)
            .ToList();
        return Results.Ok(new
        {
            total = matching.Count,
            offset = offset ?? 0,
            users = matching.Skip(offset ?? 0).Take(limit ?? 50).Select(u => new
            {
                id = u.Id,
                username = u.Username,
                full_name = u.FullName,
                fullName = u.FullName,
                role = u.Role,
                avatar = u.Avatar,
                online = list.Online.Contains(u.Id),
                blocked = u.Blocked,
                created_at = u.CreatedAt,
                last_seen = u.LastSeen,
            }),
        });
    }
}
