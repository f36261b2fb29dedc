namespace ActorMessenger.Actors.Protocol;

/// <summary>
/// Everything written to the journal or snapshot store. Bound to the messenger serializer with
/// stable manifests so that renaming a CLR type never breaks recovery.
/// </summary>
public interface IPersisted;

/// <summary>Routes a message to the chat entity that owns <see cref="ChatId"/>.</summary>
public interface IWithChatId
{
    string ChatId { get; }
}

/// <summary>Routes a message to the user entity that owns <see cref="UserId"/>.</summary>
public interface IWithUserId
{
    int UserId { get; }
}
