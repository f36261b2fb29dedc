using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Text;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Persistence;
using Akka.Actor;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>
/// Attachments: <c>POST /api/files</c> (multipart: <c>chatId</c>, <c>file</c>) stores a file for one
/// chat; <c>GET /api/files/{id}</c> hands it to the members of a chat where a message refers to it
/// (or that it was uploaded or forwarded to, while that message is being stored).
/// </summary>
public static class FileEndpoints
{
    /// <summary>Types a browser may show inline; everything else downloads, so an uploaded page never runs on our origin.</summary>

    public static void MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/files").WithMessengerErrors().RequireAuthorization();
        files.MapPost("/", Upload);
        files.MapGet("/{id}", Download);
    }

    /// <summary>
    /// Refusals that need no body come before the body is read (a refused upload must not fill the disk
    /// either): the user's upload rate, the disk's free space, the user's quota as far as the announced
    /// length tells. Then the chat (the user must be allowed to post there) and the quota exactly.
    /// </summary>
    private static async Task<IResult> Upload(HttpRequest http, MessengerActors actors, IAttachmentStore store, UserLimits limits, DataDirectory data, IOptions<MessengerOptions> options, TimeProvider clock, ActorSystem system)
    {
        var max = options.Value.MaxUploadBytes;
        var quota = options.Value.Limits;
        var me = MessengerClaims.UserIdOf(http.HttpContext.User);
        if (FreeBytes(data.Path) is { } free && free < quota.MinFreeDiskBytes)
        {
            return ApiErrors.Error(ErrorCodes.InsufficientStorage, "The server is low on disk space and takes no uploads now.");
        }

        limits.TakeUpload(me);
        var kept = await store.UploadedBytesAsync(me, http.HttpContext.RequestAborted);
        if (kept + Math.Max(0, (http.ContentLength ?? 0) - (64 * 1024)) > quota.UploadBytesPerUser)
        {
            return QuotaExceeded(quota.UploadBytesPerUser);
        }

        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Room for the multipart envelope around the file.
            limit.MaxRequestBodySize = max + (64 * 1024);
        }

        if (!http.HasFormContentType)
        {
            return ApiErrors.Error(ErrorCodes.InvalidRequest, "Send multipart/form-data with 'chatId' and 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + 1 }, http.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiErrors.Error(ErrorCodes.FileTooLarge, $"A file is at most {max} bytes.");
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.Error(ErrorCodes.FileTooLarge, $"A file is at most {max} bytes.");
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            // A multipart body that ends early or is not multipart at all (IOException: the body ended mid-part).
            return ApiErrors.Error(ErrorCodes.InvalidRequest, "The multipart body is incomplete or malformed.");
        }

        var file = form.Files.GetFile("file");
        var chatId = MessengerEndpoints.RequireChatId(form["chatId"].ToString());
        if (file is null || file.Length == 0)
        {
            return ApiErrors.Error(ErrorCodes.InvalidAttachment, "The 'file' part is missing or empty.");
        }

        if (file.Length > max)
        {
            return ApiErrors.Error(ErrorCodes.FileTooLarge, $"A file is at most {max} bytes.");
        }

        if (kept + file.Length > quota.UploadBytesPerUser)
        {
            return QuotaExceeded(quota.UploadBytesPerUser);
        }

        await actors.AskChat<IsMember>(new CheckCanPost(chatId, me), http.HttpContext.RequestAborted);

        var id = Guid.NewGuid().ToString("N");
        await using (var content = file.OpenReadStream())
        {
            await store.WriteAsync(id, content, http.HttpContext.RequestAborted);
        }

        var stored = new StoredAttachment(id, chatId, me, SafeName(file.FileName), file.Length, SafeContentType(file.ContentType), clock.GetUtcNow());
        await store.AddAsync(stored, http.HttpContext.RequestAborted);
        system.EventStream.Publish(new Activities.AttachmentActivity(1, stored.Size));
        return Results.Ok(new { success = true, fileId = id, name = stored.Name, size = stored.Size, contentType = stored.ContentType, chatId });
    }

    private static async Task<IResult> Download(string id, HttpContext http, MessengerActors actors, IAttachmentStore store)
    {
        var stored = id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? await store.FindAsync(id, http.RequestAborted) : null;
        if (stored is null)
        {
            return ApiErrors.Error(ErrorCodes.NotFound, "No such file (or its message was deleted).");
        }

        if (!await MayRead(stored.Id, MessengerClaims.UserIdOf(http.User), actors, store, http.RequestAborted))
        {
            return ApiErrors.Error(ErrorCodes.NotMember, "You are not a member of a chat with this file.");
        }

        if (await store.OpenAsync(stored.Id, http.RequestAborted) is not { } content)
        {
            return ApiErrors.Error(ErrorCodes.NotFound, "No such file (or its message was deleted).");
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        return MessageTypes.ImageContentTypes.Contains(stored.ContentType)
            ? Results.File(content, stored.ContentType, enableRangeProcessing: true)
            : Results.File(content, "application/octet-stream", stored.Name, enableRangeProcessing: true);
    }

    /// <summary>
    /// Whether the user is a member of a chat where the file may be read. The chats come from the
    /// server's own records (a file reaches a chat only by its uploader's send or by a forward of a
    /// message the forwarder could read), so naming a file id in a request grants nothing.
    /// </summary>
    private static async Task<bool> MayRead(string fileId, int userId, MessengerActors actors, IAttachmentStore store, CancellationToken ct)
    {
        foreach (var chatId in await store.ReadableInAsync(fileId, ct))
        {
            try
            {
                await actors.AskChat<IsMember>(new CheckMember(chatId, userId), ct);
                return true;
            }
            catch (MessengerException ex) when (ex.Code is ErrorCodes.NotMember or ErrorCodes.UnknownChat)
            {
                // Not there: try the next chat.
            }
        }

        return false;
    }

    private static IResult QuotaExceeded(long quota) =>
        ApiErrors.Error(ErrorCodes.QuotaExceeded, $"Your uploads would pass your quota of {quota} bytes; delete some files first.");

    /// <summary>Free bytes for unprivileged users on the data directory's disk, if the system tells.</summary>
    private static long? FreeBytes(string path)
    {
        try
        {
            return new DriveInfo(path).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string SafeName(string? name)
    {
        // Bidi overrides go too: "invoice\u202Etxt.exe" would show as "invoiceexe.txt".
        var clean = VisibleText.Name(new string([.. Path.GetFileName(name ?? string.Empty).Where(c => !char.IsControl(c))]));
        return VisibleText.IsBlank(clean) ? "file" : clean[..Math.Min(clean.Length, 255)];
    }

    private static string SafeContentType(string? contentType) =>
        contentType is { Length: > 0 and <= 100 } && contentType.Contains('/', StringComparison.Ordinal) && !contentType.Any(char.IsControl)
            ? contentType
            : "application/octet-stream";
}
