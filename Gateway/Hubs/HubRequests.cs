using System.Text.Json;
using System.Text.Json.Serialization;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>Payloads of hub methods. Parsed by hand so that bad JSON gets our error codes.</summary>
public static class HubRequests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public sealed record OutgoingMessage(string? Text, string? Type, string? ClientId, long? ReplyTo, string? FileId);

    public sealed record SendMessage(string? ChatId, int? RecipientId, int? SenderId, OutgoingMessage? Message);

    public sealed record UserOnline(int? UserId);

    public sealed record ChatSeq(string? ChatId, long? Seq);

    public sealed record EditMessage(string? ChatId, long? Seq, string? Text);

    public sealed record React(string? ChatId, long? Seq, string? Emoji);

    public sealed record Forward(string? FromChatId, long? Seq, string? ChatId, int? RecipientId, string? ClientId);

    public sealed record ChatOnly(string? ChatId);

    public sealed record CreateGroup(string? Title, IReadOnlyList<int>? MemberIds, string? Description, string? Icon);

    public sealed record CreateChannel(string? Name, string? Description, string? Icon, bool? IsPublic);

    public sealed record Members(string? ChatId, IReadOnlyList<int>? UserIds);

    public sealed record Member(string? ChatId, int? UserId, string? Role);

    public sealed record UpdateChat(string? ChatId, string? Title, string? Name, string? Description, string? Icon);

    public sealed record JoinChat(string? ChatId, string? Invite);

    public sealed record SyncCursor(string? ChatId, long? UpdateSeq);

    public sealed record Sync(IReadOnlyList<SyncCursor>? Chats, int? Limit);

    public static T Parse<T>(JsonElement payload)
        where T : class
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, "The payload must be a JSON object.");
        }

        try
        {
            return payload.Deserialize<T>(Options) ?? throw new MessengerException(ErrorCodes.InvalidRequest, "The payload is empty.");
        }
        catch (JsonException ex)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, $"The payload does not fit {typeof(T).Name}: {ex.Path}");
        }
    }

    /// <summary>A well-formed chat id, or a coded refusal.</summary>
    public static string RequireChatId(string? chatId) =>
        ChatIds.IsWellFormed(chatId) ? chatId! : throw new MessengerException(ErrorCodes.InvalidChatId, "chatId is missing or malformed.");

    public static long RequireSeq(long? seq) =>
        seq is > 0 ? seq.Value : throw new MessengerException(ErrorCodes.InvalidRequest, "seq must be a positive message number.");
}
