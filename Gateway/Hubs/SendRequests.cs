using System.Globalization;
using System.Text.Json;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// <c>send_message</c>'s payload, read straight from the element by the rules <see cref="HubRequests.Parse{T}"/>
/// applies (names matched ignoring case, numbers also from strings, unknown fields ignored, the last of a
/// repeated field wins, a value of the wrong kind refused with its path). The serializer gave the nested
/// message a stack of frames and each record its constructor's argument state: most of what reading a
/// send allocated, on every message.
/// </summary>
public static class SendRequests
{
    public static HubRequests.SendMessage Parse(JsonElement payload, int caller)
    {
        HubRequests.RequireCaller(payload, caller);
        string? chatId = null;
        int? recipientId = null;
        HubRequests.OutgoingMessage? message = null;
        foreach (var field in payload.EnumerateObject())
        {
            switch (Which(field, SendFields))
            {
                case 0:
                    chatId = Text(field.Value, "chatId");
                    break;
                case 1:
                    recipientId = Number<int>(field.Value, "recipientId", static (s, out v) => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v), static (e, out v) => e.TryGetInt32(out v));
                    break;
                case 2:
                    message = Outgoing(field.Value);
                    break;
            }
        }

        return new HubRequests.SendMessage(chatId, recipientId, message);
    }

    private static HubRequests.OutgoingMessage? Outgoing(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Misfit("message");
        }

        string? text = null, type = null, clientId = null, fileId = null;
        long? replyTo = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (Which(field, MessageFields))
            {
                case 0:
                    text = Text(field.Value, "message.text");
                    break;
                case 1:
                    type = Text(field.Value, "message.type");
                    break;
                case 2:
                    clientId = Text(field.Value, "message.clientId");
                    break;
                case 3:
                    replyTo = Number<long>(field.Value, "message.replyTo", static (s, out v) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v), static (e, out v) => e.TryGetInt64(out v));
                    break;
                case 4:
                    fileId = Text(field.Value, "message.fileId");
                    break;
            }
        }

        return new HubRequests.OutgoingMessage(text, type, clientId, replyTo, fileId);
    }

    private static readonly string[] SendFields = ["chatId", "recipientId", "message"];

    private static readonly string[] MessageFields = ["text", "type", "clientId", "replyTo", "fileId"];

    /// <summary>
    /// Which of the names the field has (-1: none). The usual spellings are compared first without making
    /// a string of the name; any other only then, ignoring case.
    /// </summary>
    private static int Which(JsonProperty field, string[] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (field.NameEquals(names[i]))
            {
                return i;
            }
        }

        var name = field.Name;
        for (var i = 0; i < names.Length; i++)
        {
            if (name.Equals(names[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Text(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Misfit(path),
    };

    private delegate bool TryParse<T>(string text, out T value);

    private delegate bool TryGet<T>(JsonElement element, out T value);

    private static T? Number<T>(JsonElement value, string path, TryParse<T> fromString, TryGet<T> fromNumber)
        where T : struct => value.ValueKind switch
        {
            JsonValueKind.Number when fromNumber(value, out var n) => n,
            JsonValueKind.String when fromString(value.GetString()!, out var s) => s,
            JsonValueKind.Null => null,
            _ => throw Misfit(path),
        };

    private static MessengerException Misfit(string path) =>
        new(ErrorCodes.InvalidRequest, $"The payload does not fit {nameof(HubRequests.SendMessage)}: $.{path}");
}
