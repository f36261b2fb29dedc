using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Coordination;

namespace ActorMessenger.Gateway.Cluster;

/// <summary>
/// The split brain resolver's arbiter (strategy <c>lease-majority</c>): a row in the shared database whose
/// expiry is on the database's clock. When a cluster splits, only the side that takes it survives, so two
/// nodes survive the loss of either one. Held, it is renewed every <c>heartbeat-interval</c> (every third of
/// its time to live if that is not shorter); a renewal that fails until the lease may have expired counts as
/// losing it. Every question to the database gives up after <c>lease-operation-timeout</c>: a node cut off
/// from the database must lose its side's decision promptly (and down itself), not wait for the
/// connection's own timeouts.
/// </summary>
public sealed class DatabaseLease : Lease, IDisposable
{
    private readonly IClusterStore _store;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _renewEvery;
    private readonly TimeSpan _operationTimeout;
    private readonly object _gate = new();
    private Timer? _renewal;
    private DateTime _heldUntil = DateTime.MinValue;
    private Action<Exception?>? _lost;

    public DatabaseLease(LeaseSettings settings, ExtendedActorSystem system)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(system);
        _store = system.Settings.Setup.Get<ClusterStoreSetup>().Value?.Store
            ?? throw new InvalidOperationException("The database lease needs the shared store (ClusterStoreSetup).");
        _ttl = settings.TimeoutSettings.HeartbeatTimeout;
        var interval = settings.TimeoutSettings.HeartbeatInterval;
        _renewEvery = interval > TimeSpan.Zero && interval < _ttl ? interval : _ttl / 3;
        _operationTimeout = settings.TimeoutSettings.OperationTimeout;
    }

    public override Task<bool> Acquire() => Acquire(null);

    public override async Task<bool> Acquire(Action<Exception?>? leaseLostCallback)
    {
        var asked = DateTime.UtcNow;
        bool taken;
        try
        {
            using var timeout = new CancellationTokenSource(_operationTimeout);
            taken = await _store.TryAcquireLeaseAsync(Settings.LeaseName, Settings.OwnerName, _ttl, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw new LeaseException($"The lease {Settings.LeaseName} could not be asked for: {ex.Message}", ex);
        }

        if (!taken)
        {
            return false;
        }

        lock (_gate)
        {
            _heldUntil = asked + _ttl;
            _lost = leaseLostCallback;
            _renewal ??= new Timer(_ => _ = Renew(), null, _renewEvery, _renewEvery);
        }

        return true;
    }

    public override async Task<bool> Release()
    {
        StopRenewing();
        try
        {
            using var timeout = new CancellationTokenSource(_operationTimeout);
            return await _store.ReleaseLeaseAsync(Settings.LeaseName, Settings.OwnerName, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw new LeaseException($"The lease {Settings.LeaseName} could not be released: {ex.Message}", ex);
        }
    }

    public override bool CheckLease()
    {
        lock (_gate)
        {
            return DateTime.UtcNow < _heldUntil;
        }
    }

    public void Dispose() => StopRenewing();

    private async Task Renew()
    {
        var asked = DateTime.UtcNow;
        Exception? failure = null;
        var renewed = false;
        try
        {
            using var timeout = new CancellationTokenSource(_operationTimeout);
            renewed = await _store.TryAcquireLeaseAsync(Settings.LeaseName, Settings.OwnerName, _ttl, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Action<Exception?>? lost = null;
        lock (_gate)
        {
            if (_renewal is null)
            {
                return;
            }

            if (renewed)
            {
                _heldUntil = asked + _ttl;
                return;
            }

            // Taken by another owner, or unreachable for so long that it may have expired.
            if (failure is null || DateTime.UtcNow >= _heldUntil)
            {
                _heldUntil = DateTime.MinValue;
                lost = _lost;
            }
        }

        if (lost is not null)
        {
            StopRenewing();
            lost(failure ?? new LeaseException($"The lease {Settings.LeaseName} is held by another node."));
        }
    }

    private void StopRenewing()
    {
        lock (_gate)
        {
            _renewal?.Dispose();
            _renewal = null;
            _heldUntil = DateTime.MinValue;
        }
    }
}
