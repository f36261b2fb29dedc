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

    public sealed record OutgoingMessage(string? Text, string? Type, string? ClientId);

    public sealed record SendMessage(string? ChatId, int? RecipientId, int? SenderId, OutgoingMessage? Message);

    public sealed record UserOnline(int? UserId);

    public sealed record MarkRead(string? ChatId, long? Seq);

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
}
