using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// The catch-all serializer of the <c>serialize-messages</c> pass. Akka's own local messages with no
/// binding (<c>StopChild</c>, the persistence plugin's write results holding tasks, …) never go to
/// another node and do not survive JSON: they pass through unchanged. Any other type reaching it is
/// one of ours without a binding: that fails, as strict serialization fails it on the server.
/// </summary>
public sealed class AkkaOnlyFallbackSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int Id = 4190;

    // Shared: Akka may deserialize with another instance than the one that serialized.
    private static readonly ConcurrentDictionary<long, object> Passing = new();
    private static long _next;

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.GetType().Namespace is not { } ns || !(ns == "Akka" || ns.StartsWith("Akka.", StringComparison.Ordinal)))
        {
            throw new SerializationException($"No serializer binding for {obj.GetType().FullName}: add a wire manifest, or implement INoSerializationVerificationNeeded if it never leaves its node");
        }

        var id = Interlocked.Increment(ref _next);
        Passing[id] = obj;
        return BitConverter.GetBytes(id);
    }

    public override object FromBinary(byte[] bytes, Type type) =>
        Passing.TryRemove(BitConverter.ToInt64(bytes), out var obj) ? obj : throw new SerializationException("Not a message passing through");
}
