using Akka.Actor;
using Akka.Configuration;

namespace ActorMessenger.Actors.Serialization;

/// <summary>The actors' protocol between nodes: every type of <see cref="ProtocolManifests"/>.</summary>
public sealed class ProtocolSerializer(ExtendedActorSystem system) : WireSerializer(system, ProtocolManifests.Table)
{
    public const int Id = 4118;

    public override int Identifier => Id;

    /// <summary>
    /// The serializer, its bindings, and strict serialization: a message with no binding fails to
    /// serialize instead of falling back to JSON with CLR type names.
    /// </summary>
    public static Config Hocon { get; } = ConfigurationFactory
        .ParseString("akka.actor.serialization-settings.allow-unregistered-types = off")
        .WithFallback(WireHocon.For<ProtocolSerializer>("messenger-protocol", Id, ProtocolManifests.Table));
}
