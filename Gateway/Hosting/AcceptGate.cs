namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Counts the connections Kestrel has accepted and not yet disposed, and makes the accept loop wait
/// while <see cref="Most"/> of them are held. <see cref="ConnectionLimits"/> refuses a connection over
/// its cap at once, but the refused socket keeps its descriptor until Kestrel has disposed it, and
/// Kestrel accepts whatever the kernel has completed without waiting for those disposals: under a flood
/// on a busy machine the refused-but-open sockets can pile up towards the descriptor limit. While the
/// gate is shut the kernel's listen backlog holds new connections.
/// </summary>
public sealed class AcceptGate(long most) : IDisposable
{
    private readonly SemaphoreSlim _slots = new((int)Math.Clamp(most, 1, int.MaxValue));
    private long _held;

    public long Most { get; } = Math.Clamp(most, 1, int.MaxValue);

    /// <summary>Accepted and not yet disposed (the accept waiting for the next connection has a place too, not counted here).</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>
    /// The gate for a connection cap: room above the cap for refusals still closing (a quarter of the
    /// cap, at least 32 and at most 256), which the descriptor reserve of <see cref="FileDescriptorLimit.ConnectionCap"/> covers.
    /// </summary>
    public static long SizeFor(long connectionCap) => connectionCap + Math.Clamp(connectionCap / 4, 32, 256);

    internal async ValueTask<bool> EnterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    /// <summary>A place taken at <see cref="EnterAsync"/> now holds an accepted connection.</summary>
    internal void Admit() => Interlocked.Increment(ref _held);

    /// <summary>Gives a place back: that of a connection disposed (<paramref name="admitted"/>) or of an accept that brought none.</summary>
    internal void Leave(bool admitted)
    {
        if (admitted)
        {
            Interlocked.Decrement(ref _held);
        }

        try
        {
            _slots.Release();
        }
        catch (ObjectDisposedException)
        {
            // A connection disposed after the host (and the gate with it): nobody waits any more.
        }
    }

    public void Dispose() => _slots.Dispose();
}
