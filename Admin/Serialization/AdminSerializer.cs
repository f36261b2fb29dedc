using ActorMessenger.Actors.Serialization;
using Akka.Actor;
using Akka.Configuration;

namespace ActorMessenger.Admin.Serialization;

/// <summary>The admin back end's messages between nodes: every type of <see cref="AdminManifests"/>.</summary>
public sealed class AdminSerializer(ExtendedActorSystem system) : WireSerializer(system, AdminManifests.Table)
{
    public const int Id = 4119;

    public override int Identifier => Id;

    public static Config Hocon { get; } = WireHocon.For<AdminSerializer>("messenger-admin", Id, AdminManifests.Table);
}
