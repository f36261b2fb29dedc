using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// How payloads look on the wire, for the hub and the REST API alike (enums as camelCase strings).
/// The benchmark's bare hub uses it too, so both sides write the same bytes.
/// </summary>
public static class WireJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new ChatUpdateJsonConverter());
    }
}
