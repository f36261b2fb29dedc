using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>
/// The old server's update notice: <c>POST /admin/update/push</c> and <c>/admin/update/cancel</c>
/// reach every connected client at once (<c>update_available</c>, <c>update_cancelled</c>);
/// <c>GET /api/update/check</c> tells any logged-in user what is in force.
/// </summary>
public static class UpdateEndpoints
{
    public const int MaxVersion = 64;
    public const int MaxChangelog = 4000;
    public const int MaxUrl = 512;

    /// <summary>The old server's body: <c>version, changelog, download_url, mandatory</c>.</summary>
    public sealed record PushRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("version")] string? Version,
        [property: System.Text.Json.Serialization.JsonPropertyName("changelog")] string? Changelog,
        [property: System.Text.Json.Serialization.JsonPropertyName("download_url")] string? DownloadUrl,
        [property: System.Text.Json.Serialization.JsonPropertyName("mandatory")] bool? Mandatory);

    public static RouteGroupBuilder MapUpdateEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapPost("/update/push", Push);
        admin.MapPost("/update/cancel", Cancel);
        return admin;
    }

    /// <summary>Maps <c>GET /api/update/check</c> for any logged-in user; the caller adds its error shape.</summary>
    public static RouteGroupBuilder MapUpdateCheck(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/update").RequireAuthorization();
        group.MapGet("/check", async (IRequiredActor<UpdateNoticeKey> notices, HttpContext http) =>
            Results.Ok(Answer((await notices.ActorRef.AskFor<CurrentUpdate>(new GetUpdate(), AdminContext.AskTimeout, http.RequestAborted)).Notice)));
        return group;
    }

    /// <summary>Checks the fields of a push; null when they are fine.</summary>
    public static string? Invalid(PushRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Version is not { Length: > 0 and <= MaxVersion } version || version.Any(char.IsControl) || string.IsNullOrWhiteSpace(version)
            ? $"version is 1..{MaxVersion} printable characters."
            : request.Changelog is { Length: > MaxChangelog }
                ? $"changelog is at most {MaxChangelog} characters."
                : request.DownloadUrl is { Length: > 0 } url
                    && (url.Length > MaxUrl || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                    ? $"download_url is an http(s) address of at most {MaxUrl} characters."
                    : null;
    }

    private static async Task<IResult> Push(PushRequest? request, IRequiredActor<UpdateNoticeKey> notices, IRequiredActor<AuditKey> audit, IAdminCaller caller, TimeProvider clock, HttpContext http)
    {
        if (request is null)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, "Send { version, changelog, download_url, mandatory }.");
        }

        if (Invalid(request) is { } problem)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, problem);
        }

        var (adminId, adminName) = caller.Identify(http.User);
        var notice = new UpdateNotice(request.Version!.Trim(), request.Changelog, string.IsNullOrEmpty(request.DownloadUrl) ? null : request.DownloadUrl, request.Mandatory ?? false, adminId, clock.GetUtcNow());
        var current = await notices.ActorRef.AskFor<CurrentUpdate>(new PushUpdate(notice), AdminContext.AskTimeout, http.RequestAborted);
        await audit.ActorRef.AskFor<AuditEntry>(new RecordAction(notice.PushedAt, adminId, adminName, AuditActions.UpdatePushed, notice.Version, notice.Mandatory ? "mandatory" : null), AdminContext.AskTimeout, http.RequestAborted);
        return Results.Ok(Answer(current.Notice));
    }

    private static async Task<IResult> Cancel(IRequiredActor<UpdateNoticeKey> notices, IRequiredActor<AuditKey> audit, IAdminCaller caller, TimeProvider clock, HttpContext http)
    {
        var (adminId, adminName) = caller.Identify(http.User);
        var before = await notices.ActorRef.AskFor<CurrentUpdate>(new GetUpdate(), AdminContext.AskTimeout, http.RequestAborted);
        await notices.ActorRef.AskFor<CurrentUpdate>(new CancelUpdate(adminId, clock.GetUtcNow()), AdminContext.AskTimeout, http.RequestAborted);
        if (before.Notice is { } cancelled)
        {
            await audit.ActorRef.AskFor<AuditEntry>(new RecordAction(clock.GetUtcNow(), adminId, adminName, AuditActions.UpdateCancelled, cancelled.Version, null), AdminContext.AskTimeout, http.RequestAborted);
        }

        return Results.Ok(new { success = true, cancelled = before.Notice?.Version });
    }

    private static object Answer(UpdateNotice? notice) => new
    {
        success = true,
        update_available = notice is not null,
        version = notice?.Version,
        changelog = notice?.Changelog,
        download_url = notice?.DownloadUrl,
        mandatory = notice?.Mandatory ?? false,
        pushed_at = notice?.PushedAt,
    };
}
