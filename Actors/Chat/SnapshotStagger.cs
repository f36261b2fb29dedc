namespace ActorMessenger.Actors.Chat;

/// <summary>
/// Where in its <c>snapshot-every</c> cycle a chat starts counting, so that chats started together
/// (a restart, a burst of new direct chats) do not all reach their snapshot at the same event count
/// and save together, holding every chat's next journal write behind one burst of fsyncs.
/// </summary>
public static class SnapshotStagger
{
    /// <summary>
    /// An offset in <c>[0, every)</c> taken from the persistence id: the same chat gets the same offset
    /// in every process and on every node (a stable hash, not <see cref="string.GetHashCode()"/>, which
    /// differs between processes). Starting the event counter there brings only the first snapshot of
    /// an incarnation forward, so recovery still replays at most <paramref name="every"/> events.
    /// </summary>
    public static int Offset(string persistenceId, int every)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        if (every <= 1)
        {
            return 0;
        }

        // FNV-1a over the UTF-16 code units.
        var hash = 2166136261u;
        foreach (var c in persistenceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)every);
    }
}
