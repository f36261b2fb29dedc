using Akka.Actor;

namespace ActorMessenger.Actors.Protocol;

/// <summary>
/// What happened on a node, published on that node's event stream for whoever keeps figures (the
/// admin statistics). Publishers never wait for a reader and do not know who reads.
/// </summary>
public static class Activities
{
    /// <summary>Kinds of <see cref="ChatActivity"/>.</summary>
    public static class Changes
    {
        public const string Posted = "posted";
        public const string Deleted = "deleted";
        public const string Created = "created";

        /// <summary>The chat's history was cleared: whatever a reader keeps of its messages goes.</summary>
        public const string Cleared = "cleared";
    }

    /// <summary>
    /// A chat stored a change. <paramref name="StoredIn"/> is how long the journal took to store a
    /// batch of posts, when the chat measured it.
    /// </summary>
    public sealed record ChatActivity(string ChatId, ChatKind Kind, string Change, MessageView? Message, IActorRef Chat, TimeSpan? StoredIn = null);

    /// <summary>Files stored (positive) or removed (negative) on this node.</summary>
    public sealed record AttachmentActivity(int Count, long Bytes);

    /// <summary>This node's hub connections now, from the node's outbox.</summary>
    public sealed record ConnectionsNow(int Connections, int Users, IActorRef Outbox);
}
