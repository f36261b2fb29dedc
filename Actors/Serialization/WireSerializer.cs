using System.Runtime.Serialization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace ActorMessenger.Actors.Serialization;

/// <summary>
/// Messages between nodes as JSON under the stable manifests of one <see cref="WireManifests"/>
/// table; each project that owns messages binds its table through a subclass with its own identifier.
/// </summary>
public abstract class WireSerializer : SerializerWithStringManifest
{
    private readonly JsonSerializerOptions _options;

    protected WireSerializer(ExtendedActorSystem system, WireManifests manifests)
        : base(system)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        Manifests = manifests;
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(), new ActorRefJsonConverter(system), new ClientEventJsonConverter(manifests), new ReadOnlySetJsonConverter(), new DoneJsonConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Bytes between our own nodes, never shown in a page: text stays text instead of \uXXXX.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutComputedProperties } },
        };
    }

    public WireManifests Manifests { get; }

    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return Manifests.ManifestOf(o.GetType());
    }

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, Manifests.TypeOf(manifest), _options)
        ?? throw new SerializationException($"Empty payload for {manifest}");

    /// <summary>Properties computed from others (<c>MessageView.Time</c>) are not read back: they need not travel.</summary>
    private static void LeaveOutComputedProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Set is null && property.AssociatedParameter is null)
            {
                property.ShouldSerialize = static (_, _) => false;
            }
        }
    }
}
