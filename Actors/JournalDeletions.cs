namespace ActorMessenger.Actors;

/// <summary>
/// An actor's journal deletions, one at a time: two deletions of the same stream at once deadlock in
/// PostgreSQL (both mark and remove overlapping rows), and the failed one leaves its events in place. A
/// deletion asked for while one runs waits for it, and only the furthest of those waiting is made.
/// </summary>
public sealed class JournalDeletions
{
    private long _deletingTo;
    private long _nextTo;

    /// <summary>The sequence number to delete up to now, or null when a deletion is in flight (this one then waits).</summary>
    public long? Ask(long toSequenceNr)
    {
        if (_deletingTo > 0)
        {
            _nextTo = Math.Max(_nextTo, toSequenceNr);
            return null;
        }

        _deletingTo = toSequenceNr;
        return toSequenceNr;
    }

    /// <summary>The deletion in flight ended (done or failed): the waiting one to make now, if any.</summary>
    public long? Done()
    {
        var next = _nextTo > _deletingTo ? _nextTo : 0;
        (_deletingTo, _nextTo) = (0, 0);
        return next > 0 ? Ask(next) : null;
    }
}
