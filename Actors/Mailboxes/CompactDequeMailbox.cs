using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorMessenger.Actors.Mailboxes;

/// <summary>The mailbox type of <see cref="CompactDequeMessageQueue"/>; actors opt in with <c>Props.WithMailbox(Id)</c>.</summary>
public sealed class CompactDequeMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactDequeMessageQueue>
{
    public const string Id = "messenger.compact-mailbox";

    /// <summary>What an actor system needs to know before any actor uses <see cref="Id"/>.</summary>
    public static readonly Config Hocon = ConfigurationFactory.ParseString(
        $"{Id}.mailbox-type = \"{typeof(CompactDequeMailbox).FullName}, {typeof(CompactDequeMailbox).Assembly.GetName().Name}\"");

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactDequeMessageQueue();
}
