using Akka.Actor;
using Akka.Serialization;

namespace ActorMessenger.Persistence.Serialization;

/// <summary>
/// Persisted events and snapshots as JSON under stable manifests, so the journal never holds CLR
/// type names. Bound in HOCON to <c>IPersisted</c>.
/// </summary>
public sealed class MessengerSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4117;

    public override int Identifier => Id;

    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return PersistedManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"No manifest for {o.GetType().FullName}", nameof(o));
    }

    public override byte[] ToBinary(object obj) => PersistedJson.ToBytes(obj);

    public override object FromBinary(byte[] bytes, string manifest) => PersistedJson.FromBytes(bytes, manifest);
}
