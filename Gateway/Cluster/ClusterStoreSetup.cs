using ActorMessenger.Persistence;
using Akka.Actor.Setup;

namespace ActorMessenger.Gateway.Cluster;

/// <summary>Hands the shared store to what Akka creates by class name from HOCON (the split brain resolver's <see cref="DatabaseLease"/>).</summary>
public sealed class ClusterStoreSetup(IClusterStore store) : Setup
{
    public IClusterStore Store { get; } = store;
}
