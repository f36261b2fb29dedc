using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorMessenger.Persistence;

/// <summary>How the read model stores whole messages, updates and catalog entries as JSON, whatever the backend.</summary>
public static class ReadModelJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
