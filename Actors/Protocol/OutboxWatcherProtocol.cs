using Akka.Actor;

namespace ActorMessenger.Actors.Protocol;

/// <summary>Messages of <c>OutboxWatcherActor</c>: user entities follow the gateway outboxes their connections go through.</summary>
/// <remarks>
/// Local only: each node runs its own watcher for the user entities it holds, so these never leave
/// the node (the outbox they name may be on another node; a reference to it travels in
/// <see cref="UserProtocol.Connect"/>).
/// </remarks>
public static class OutboxWatcherProtocol
{
    /// <summary>The user holds a connection through this outbox: tell it <see cref="OutboxLost"/> when the outbox dies.</summary>
    public sealed record WatchOutbox(IActorRef Outbox, IActorRef User) : INoSerializationVerificationNeeded;

    /// <summary>The user's last connection through this outbox closed (or the user stopped).</summary>
    public sealed record UnwatchOutbox(IActorRef Outbox, IActorRef User) : INoSerializationVerificationNeeded;

    /// <summary>The gateway node of this outbox is gone, and with it every connection it held.</summary>
    public sealed record OutboxLost(IActorRef Outbox) : INoSerializationVerificationNeeded;
}
