using System.Runtime.Serialization;

namespace ActorMessenger.Actors.Serialization;

/// <summary>
/// Manifests of one serializer, both ways. A manifest is the only name a type has between nodes, so
/// nodes running different builds keep understanding each other: never change what a manifest
/// means, add a new one (".v2") when a shape changes incompatibly.
/// </summary>
public sealed class WireManifests
{
    public WireManifests(IReadOnlyDictionary<Type, string> byType)
    {
        ArgumentNullException.ThrowIfNull(byType);
        ByType = byType;
        var byManifest = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var (type, manifest) in byType)
        {
            if (!byManifest.TryAdd(manifest, type))
            {
                throw new ArgumentException($"Manifest '{manifest}' is given to both {byManifest[manifest].Name} and {type.Name}", nameof(byType));
            }
        }

        ByManifest = byManifest;
    }

    public IReadOnlyDictionary<Type, string> ByType { get; }

    public IReadOnlyDictionary<string, Type> ByManifest { get; }

    public string ManifestOf(Type type) =>
        ByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new SerializationException($"{type.FullName} has no wire manifest: add one (see docs/architecture.md, Serialization)");

    public Type TypeOf(string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new SerializationException($"Unknown wire manifest '{manifest}'");
}
