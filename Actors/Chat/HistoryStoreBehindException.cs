namespace ActorMessenger.Actors.Chat;

/// <summary>
/// Restarts a chat whose history store lost writes its snapshot relied on: the restarted chat finds no
/// snapshot and replays its whole journal (see <c>ChatActor.ReplayWholeJournal</c>).
/// </summary>
public sealed class HistoryStoreBehindException : Exception
{
    public HistoryStoreBehindException()
    {
    }

    public HistoryStoreBehindException(string message)
        : base(message)
    {
    }

    public HistoryStoreBehindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HistoryStoreBehindException(string chatId, long storeEndsAt, long snapshotCounted)
        : base($"The history store of {chatId} ends at update {storeEndsAt}, before the {snapshotCounted} its snapshot counted as stored.")
    {
    }
}
