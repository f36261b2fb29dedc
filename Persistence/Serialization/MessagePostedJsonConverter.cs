using System.Text.Json;
using System.Text.Json.Serialization;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Persistence.Serialization;

/// <summary>
/// Writes a <see cref="MessagePosted"/> byte for byte as the default converter would under
/// <see cref="PersistedJson"/>'s options, but its message as a payload of its own: System.Text.Json gives
/// a nested object a stack of frames, a new array for every event the journal stores.
/// </summary>
internal sealed class MessagePostedJsonConverter : JsonConverter<MessagePosted>
{
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Redacted = JsonEncodedText.Encode("redacted");

    public override MessagePosted? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<Shape>(ref reader, options) is { } shape ? new MessagePosted(shape.Message, shape.Redacted) : null;

    public override void Write(Utf8JsonWriter writer, MessagePosted value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WritePropertyName(Message);
        JsonSerializer.Serialize(writer, value.Message, options);
        if (value.Redacted is { } redacted)
        {
            writer.WriteBoolean(Redacted, redacted);
        }

        writer.WriteEndObject();
    }

    /// <summary>The same properties for reading, with the default converter.</summary>
    private sealed record Shape(ActorMessenger.Actors.Protocol.MessageView Message, bool? Redacted = null);
}
