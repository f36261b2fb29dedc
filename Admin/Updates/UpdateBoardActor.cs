using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Admin.Updates;

/// <summary>One per node: keeps the node's <see cref="UpdateBoard"/> current from the update topic, asking the singleton once at start.</summary>
public sealed class UpdateBoardActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskAgain = TimeSpan.FromSeconds(5);

    public UpdateBoardActor(UpdateBoard board, IActorRef notices)
    {
        Receive<SubscribeAck>(_ => notices.Tell(new GetUpdate()));
        Receive<UpdateChanged>(changed => board.Set(changed.Notice));

        // Only the first answer counts: after it, the topic carries every change.
        Receive<CurrentUpdate>(current =>
        {
            if (!board.Known)
            {
                board.Set(current.Notice);
            }
        });
        Receive<AskNotices>(_ =>
        {
            if (!board.Known)
            {
                notices.Tell(new GetUpdate());
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(UpdateBoard board, IActorRef notices) => Akka.Actor.Props.Create(() => new UpdateBoardActor(board, notices));

    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(UpdateTopic, Self));

        // The singleton may not be up yet when the node starts.
        Timers.StartPeriodicTimer("ask", AskNotices.Instance, AskAgain);
    }

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed class AskNotices : INoSerializationVerificationNeeded
    {
        public static readonly AskNotices Instance = new();
    }
}
