using System.Text.Json;
using System.Text.Json.Serialization;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// Payloads of hub methods. Parsed by hand so that bad JSON gets our error codes, and so that a field
/// naming the caller (see <see cref="CallerFields"/>) is checked in every method: the acting user
/// comes from the token, and a payload that claims someone else is refused with identity_mismatch.
/// </summary>
public static class HubRequests
{
    /// <summary>
    /// Fields that name the acting user wherever they appear at the top of a payload or in its
    /// <c>message</c>; optional, and when given they must be the caller's id. In payloads marked
    /// <see cref="INamesTargetUser"/>, <c>userId</c> names the user acted on instead.
    /// </summary>
    public static readonly IReadOnlyList<string> CallerFields = ["senderId", "userId", "requesterId", "actorId"];

    /// <summary>A payload whose <c>userId</c> is the user the call acts on, not the caller.</summary>
    public interface INamesTargetUser;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public sealed record OutgoingMessage(string? Text, string? Type, string? ClientId, long? ReplyTo, string? FileId);

    public sealed record SendMessage(string? ChatId, int? RecipientId, OutgoingMessage? Message);

    public sealed record ChatSeq(string? ChatId, long? Seq);

    public sealed record EditMessage(string? ChatId, long? Seq, string? Text);

    public sealed record React(string? ChatId, long? Seq, string? Emoji);

    public sealed record Forward(string? FromChatId, long? Seq, string? ChatId, int? RecipientId, string? ClientId);

    public sealed record ChatOnly(string? ChatId);

    public sealed record CreateGroup(string? Title, IReadOnlyList<int>? MemberIds, string? Description, string? Icon);

    public sealed record CreateChannel(string? Name, string? Description, string? Icon, bool? IsPublic);

    public sealed record Members(string? ChatId, IReadOnlyList<int>? UserIds);

    public sealed record Member(string? ChatId, int? UserId, string? Role) : INamesTargetUser;

    public sealed record UpdateChat(string? ChatId, string? Title, string? Name, string? Description, string? Icon);

    public sealed record JoinChat(string? ChatId, string? Invite);

    /// <param name="ExpiresIn">Seconds the new invite works for.</param>
    public sealed record GetInvite(string? ChatId, bool? Regenerate, long? ExpiresIn, int? MaxUses);

    public sealed record SyncCursor(string? ChatId, long? UpdateSeq);

    public sealed record Sync(IReadOnlyList<SyncCursor>? Chats, int? Limit);

    /// <summary>Reads a payload sent by <paramref name="caller"/>; refuses one that names another user as the caller.</summary>
    public static T Parse<T>(JsonElement payload, int caller)
        where T : class
    {
        RequireCaller(payload, caller, userIdIsTarget: typeof(INamesTargetUser).IsAssignableFrom(typeof(T)));
        try
        {
            return payload.Deserialize<T>(Options) ?? throw new MessengerException(ErrorCodes.InvalidRequest, "The payload is empty.");
        }
        catch (JsonException ex)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, $"The payload does not fit {typeof(T).Name}: {ex.Path}");
        }
    }

    /// <summary>
    /// A payload object whose caller-naming fields (see <see cref="CallerFields"/>), if any, are all
    /// <paramref name="caller"/>, or a coded refusal; the payload's <c>message</c> is checked too.
    /// </summary>
    public static void RequireCaller(JsonElement payload, int caller, bool userIdIsTarget = false)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, "The payload must be a JSON object.");
        }

        foreach (var field in payload.EnumerateObject())
        {
            // Read once: each JsonProperty.Name makes a new string.
            var name = field.Name;
            if (name.Equals("message", StringComparison.OrdinalIgnoreCase))
            {
                if (field.Value.ValueKind == JsonValueKind.Object)
                {
                    RequireCaller(field.Value, caller);
                }

                continue;
            }

            var namesCaller = NamesCaller(name)
                && !(userIdIsTarget && name.Equals("userId", StringComparison.OrdinalIgnoreCase));
            if (namesCaller && field.Value.ValueKind != JsonValueKind.Null && UserIdIn(field) != caller)
            {
                throw new MessengerException(ErrorCodes.IdentityMismatch, $"{field.Name} must be your own id or absent: the acting user comes from your token.");
            }
        }
    }

    private static bool NamesCaller(string name)
    {
        // By index: a foreach over the interface boxed an enumerator for every field of every call.
        for (var i = 0; i < CallerFields.Count; i++)
        {
            if (CallerFields[i].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int UserIdIn(JsonProperty field) =>
        field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt32(out var id) ? id
        : field.Value.ValueKind == JsonValueKind.String && int.TryParse(field.Value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new MessengerException(ErrorCodes.InvalidRequest, $"{field.Name} must be a user id.");

    /// <summary>A well-formed chat id, or a coded refusal.</summary>
    public static string RequireChatId(string? chatId) =>
        ChatIds.IsWellFormed(chatId) ? chatId! : throw new MessengerException(ErrorCodes.InvalidChatId, "chatId is missing or malformed.");

    public static long RequireSeq(long? seq) =>
        seq is > 0 ? seq.Value : throw new MessengerException(ErrorCodes.InvalidRequest, "seq must be a positive message number.");
}
