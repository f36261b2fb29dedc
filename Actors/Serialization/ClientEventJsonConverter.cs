using System.Text.Json;
using System.Text.Json.Serialization;
using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Actors.Serialization;

/// <summary>
/// <see cref="ClientEvent.Payload"/> is typed <c>object</c>: it travels with the manifest of its
/// runtime type (never a CLR type name), so only payload types the table knows can cross nodes.
/// </summary>
internal sealed class ClientEventJsonConverter(WireManifests manifests) : JsonConverter<ClientEvent>
{
    public override ClientEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var name = root.GetProperty("name").GetString() ?? throw new JsonException("A client event needs a name");
        var type = manifests.TypeOf(root.GetProperty("payloadType").GetString() ?? throw new JsonException("A client event needs a payload type"));
        var payload = root.GetProperty("payload").Deserialize(type, options) ?? throw new JsonException($"Empty payload of {name}");
        return new ClientEvent(name, payload);
    }

    public override void Write(Utf8JsonWriter writer, ClientEvent value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var type = value.Payload.GetType();
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("payloadType", manifests.ManifestOf(type));
        writer.WritePropertyName("payload");
        JsonSerializer.Serialize(writer, value.Payload, type, options);
        writer.WriteEndObject();
    }
}
