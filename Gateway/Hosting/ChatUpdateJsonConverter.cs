using System.Text.Json;
using System.Text.Json.Serialization;
using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Writes a <see cref="ChatUpdate"/> as the default converter would (its properties in order, named by
/// the options' policy), but its message as a payload of its own: System.Text.Json gives a nested object
/// a stack of frames, a new array per payload, and every sent message is written twice as an update
/// (<c>message_sent</c>, <c>new_message</c>).
/// </summary>
public sealed class ChatUpdateJsonConverter : JsonConverter<ChatUpdate>
{
    public override ChatUpdate? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<Shape>(ref reader, options) is { } shape
            ? new ChatUpdate(shape.ChatId, shape.UpdateSeq, shape.Type, shape.Message, shape.Pin)
            : null;

    public override void Write(Utf8JsonWriter writer, ChatUpdate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var names = Names.For(options.PropertyNamingPolicy);
        writer.WriteStartObject();
        writer.WriteString(names.ChatId, value.ChatId);
        if (value.UpdateSeq != 0 || options.DefaultIgnoreCondition != JsonIgnoreCondition.WhenWritingDefault)
        {
            writer.WriteNumber(names.UpdateSeq, value.UpdateSeq);
        }

        writer.WriteString(names.Type, value.Type);
        writer.WritePropertyName(names.Message);
        JsonSerializer.Serialize(writer, value.Message, options);
        if (value.Pin is { } pin)
        {
            writer.WritePropertyName(names.Pin);
            JsonSerializer.Serialize(writer, pin, options);
        }
        else if (options.DefaultIgnoreCondition == JsonIgnoreCondition.Never)
        {
            writer.WriteNull(names.Pin);
        }

        writer.WriteEndObject();
    }

    /// <summary>The same properties for reading, with the default converter.</summary>
    private sealed record Shape(string ChatId, long UpdateSeq, string Type, MessageView Message, PinView? Pin);

    private sealed record Names(JsonEncodedText ChatId, JsonEncodedText UpdateSeq, JsonEncodedText Type, JsonEncodedText Message, JsonEncodedText Pin)
    {
        private static readonly Names Plain = Of(null);
        private static readonly Names Camel = Of(JsonNamingPolicy.CamelCase);

        public static Names For(JsonNamingPolicy? policy) =>
            policy is null ? Plain : ReferenceEquals(policy, JsonNamingPolicy.CamelCase) ? Camel : Of(policy);

        private static Names Of(JsonNamingPolicy? policy)
        {
            JsonEncodedText Name(string property) => JsonEncodedText.Encode(policy?.ConvertName(property) ?? property);
            return new(Name(nameof(ChatUpdate.ChatId)), Name(nameof(ChatUpdate.UpdateSeq)), Name(nameof(ChatUpdate.Type)), Name(nameof(ChatUpdate.Message)), Name(nameof(ChatUpdate.Pin)));
        }
    }
}
