using System.Globalization;
using ActorMessenger.Actors.Protocol;
using Akka.Cluster.Sharding;

namespace ActorMessenger.Actors.Sharding;

/// <summary>Chats are sharded by chat id.</summary>
public sealed class ChatMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithChatId m => m.ChatId,
        _ => null,
    };
}

/// <summary>User entities are sharded by user id.</summary>
public sealed class UserMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithUserId m => m.UserId.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
