using Akka.Actor;

namespace ActorMessenger.Actors.Sharding;

/// <summary>
/// What sharding sends an entity it hands over to another node, or stops with its region, in place of
/// <see cref="PoisonPill"/>: the pill is handled before the actor sees it and would drop the commands the
/// entity has stashed (a chat loading a message, a chat or user persisting an event). This is an
/// ordinary message: it waits behind them, and the entity then stops itself. Sent by the shard to its own
/// entities only, never across nodes.
/// </summary>
public sealed class HandOffStop : INoSerializationVerificationNeeded
{
    public static readonly HandOffStop Instance = new();

    private HandOffStop()
    {
    }
}
