using Akka.Configuration;

namespace ActorMessenger.Actors.Serialization;

/// <summary>The HOCON that registers a <see cref="WireSerializer"/> and binds every type of its table to it.</summary>
public static class WireHocon
{
    public static Config For<TSerializer>(string name, int identifier, WireManifests manifests)
        where TSerializer : WireSerializer
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var serializer = TypeName(typeof(TSerializer));
        var bindings = string.Join('\n', manifests.ByType.Keys.Select(t => $"  \"{TypeName(t)}\" = {name}"));
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.{{name}} = "{{serializer}}"
              serialization-identifiers { "{{serializer}}" = {{identifier}} }
              serialization-bindings {
            {{bindings}}
              }
            }
            """);
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
