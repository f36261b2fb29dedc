using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorMessenger.Persistence.Serialization;

/// <summary>How persisted events and snapshots are written: JSON under the manifests of <see cref="PersistedManifests"/>.</summary>
public static class PersistedJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new MessagePostedJsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] ToBytes(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);
    }

    public static object FromBytes(byte[] bytes, string manifest) =>
        PersistedManifests.ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"Empty payload for {manifest}")
            : throw new SerializationException($"Unknown manifest '{manifest}'");
}
