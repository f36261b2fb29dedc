namespace ActorMessenger.Actors.Protocol;

/// <summary>A stored chat message as clients see it (hub results, events and REST pages).</summary>
public sealed record MessageView(
    string Id,
    string ChatId,
    long Seq,
    int SenderId,
    string Text,
    string Type,
    DateTimeOffset CreatedAt,
    string? ClientId)
{
    /// <summary>The old server called the timestamp <c>time</c>; its clients still read it.</summary>
    public DateTimeOffset Time => CreatedAt;
}

public enum ChatKind
{
    Direct,
}

/// <summary>One chat as its member sees it in the chat list.</summary>
public sealed record ChatSummary(
    string ChatId,
    ChatKind Kind,
    IReadOnlyList<int> Members,
    MessageView? LastMessage,
    long LastSeq,
    long ReadSeq,
    long UnreadCount);

/// <summary>A page of history, oldest first.</summary>
public sealed record HistoryPage(string ChatId, IReadOnlyList<MessageView> Messages, bool HasMore);
