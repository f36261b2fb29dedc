namespace ActorMessenger.Admin.Stats;

/// <summary>
/// Counts per time slot (a minute, a second: the caller numbers them) over a fixed number of past
/// slots, in a ring that never grows.
/// </summary>
public sealed class TimeRing(int slots)
{
    private readonly long[] _slotOf = Enumerable.Repeat(-1L, slots).ToArray();
    private readonly long[] _counts = new long[slots];

    public static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;

    public void Add(long slot, long count)
    {
        var i = (int)(slot % slots);
        if (_slotOf[i] != slot)
        {
            _slotOf[i] = slot;
            _counts[i] = 0;
        }

        _counts[i] += count;
    }

    /// <summary>Sets the value of a slot (for samples, not counts).</summary>
    public void Set(long slot, long value)
    {
        var i = (int)(slot % slots);
        _slotOf[i] = slot;
        _counts[i] = value;
    }

    public long At(long slot)
    {
        var i = (int)(slot % slots);
        return _slotOf[i] == slot ? _counts[i] : 0;
    }

    /// <summary>The slots that have a count, oldest first, within the window ending at <paramref name="now"/>.</summary>
    public IEnumerable<(long Slot, long Count)> NonZero(long now)
    {
        for (var slot = now - slots + 1; slot <= now; slot++)
        {
            if (At(slot) is var count and not 0)
            {
                yield return (slot, count);
            }
        }
    }
}
