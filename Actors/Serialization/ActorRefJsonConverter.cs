using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;

namespace ActorMessenger.Actors.Serialization;

/// <summary>An actor reference travels as its full path (with the node's address) and is resolved on arrival.</summary>
internal sealed class ActorRefJsonConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
{
    public override bool HandleNull => false;

    public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var path = reader.GetString();
        return string.IsNullOrEmpty(path) ? ActorRefs.Nobody : system.Provider.ResolveActorRef(path);
    }

    public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value is Nobody ? string.Empty : Akka.Serialization.Serialization.SerializedActorPath(value));
    }
}
