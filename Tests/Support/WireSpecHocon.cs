using ActorMessenger.Actors.Serialization;
using ActorMessenger.Admin.Serialization;
using Akka.Configuration;
using Akka.Remote;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// The serialization every TestKit spec runs with: the server's bindings (protocol, admin, and
/// Akka.Remote's own, which a local actor system would otherwise lack), strict serialization, and,
/// when <see cref="Variable"/> is <c>on</c>, <c>serialize-messages</c>: every message an actor
/// sends goes through its serializer and arrives as the copy read back, as between nodes.
/// </summary>
public static class WireSpecHocon
{
    /// <summary>Set to <c>on</c> by test.sh for its extra pass over the actor specs.</summary>
    public const string Variable = "MESSENGER_SERIALIZE_MESSAGES";

    public static bool SerializeMessages =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "on", StringComparison.OrdinalIgnoreCase);

    private static readonly string Fallback = $"{typeof(AkkaOnlyFallbackSerializer).FullName}, {typeof(AkkaOnlyFallbackSerializer).Assembly.GetName().Name}";

    /// <summary>Akka's own local messages keep a fallback (see <see cref="AkkaOnlyFallbackSerializer"/>); ours are refused by it.</summary>
    private static readonly string SerializeMessagesHocon = $$"""
        akka.actor {
          serialize-messages = on
          serialize-creators = off
          serialization-settings.allow-unregistered-types = on
          serializers.akka-only-fallback = "{{Fallback}}"
          serialization-identifiers { "{{Fallback}}" = {{AkkaOnlyFallbackSerializer.Id}} }
          serialization-bindings { "System.Object" = akka-only-fallback }
        }
        """;

    public static Config Config { get; } = ConfigurationFactory
        .ParseString(SerializeMessages ? SerializeMessagesHocon : string.Empty)
        .WithFallback(ProtocolSerializer.Hocon)
        .WithFallback(AdminSerializer.Hocon)
        .WithFallback(ConfigurationFactory.FromResource<RemoteSettings>("Akka.Remote.Configuration.Remote.conf"));
}
