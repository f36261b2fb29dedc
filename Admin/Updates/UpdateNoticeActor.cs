using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;
using static ActorMessenger.Actors.Protocol.AdminEvents;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Admin.Updates;

/// <summary>
/// The client update notice in force (a persistent cluster singleton, <c>update-notice</c>): an
/// admin pushes or cancels it; every connected client hears at once, every node's
/// <see cref="UpdateBoard"/> learns it for clients that connect later.
/// </summary>
public sealed class UpdateNoticeActor : ReceivePersistentActor
{
    private UpdateNotice? _current;

    public UpdateNoticeActor()
    {
        Recover<UpdatePushed>(p => _current = p.Notice);
        Recover<UpdateCancelled>(_ => _current = null);
        Command<GetUpdate>(_ => Sender.Tell(new CurrentUpdate(_current)));
        Command<PushUpdate>(push =>
        {
            var replyTo = Sender;
            Persist(new UpdatePushed(push.Notice), e =>
            {
                _current = e.Notice;
                Announce(new ClientEvent(ClientEventNames.UpdateAvailable, UpdateAvailableEvent.From(e.Notice)));
                replyTo.Tell(new CurrentUpdate(_current));
            });
        });
        Command<CancelUpdate>(cancel =>
        {
            if (_current is not { } withdrawn)
            {
                Sender.Tell(new CurrentUpdate(null));
                return;
            }

            var replyTo = Sender;
            Persist(new UpdateCancelled(cancel.AdminId, cancel.At), _ =>
            {
                _current = null;
                Announce(new ClientEvent(ClientEventNames.UpdateCancelled, new UpdateCancelledEvent(withdrawn.Version)));
                replyTo.Tell(new CurrentUpdate(null));
            });
        });
    }

    public override string PersistenceId => "update-notice";

    public static Props Props() => Akka.Actor.Props.Create(() => new UpdateNoticeActor());

    private void Announce(ClientEvent evt)
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        mediator.Tell(new Publish(UpdateTopic, new UpdateChanged(_current)));
        mediator.Tell(new Publish(DeliveryTopic.Name, new BroadcastToAll(evt)));
    }
}
