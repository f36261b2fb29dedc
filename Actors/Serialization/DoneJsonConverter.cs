using System.Text.Json;
using System.Text.Json.Serialization;
using Akka;

namespace ActorMessenger.Actors.Serialization;

/// <summary>
/// <see cref="Done"/> answers a chat's typing notice, from whichever node holds the chat; Akka binds
/// no serializer to it, so it travels here as an empty object and arrives as the one instance.
/// </summary>
internal sealed class DoneJsonConverter : JsonConverter<Done>
{
    public override Done Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return Done.Instance;
    }

    public override void Write(Utf8JsonWriter writer, Done value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}
