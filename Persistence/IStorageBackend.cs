using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorMessenger.Persistence;

/// <summary>
/// Where everything the server stores lives: the journal and snapshots, the read model (history,
/// update feed, search, channel catalog), attachments and their bytes, the token signing key and the
/// data-protection keys. The host picks one (see <see cref="StorageBackends"/>) and names no storage
/// type itself: the backend registers the services the rest of the server asks for.
/// </summary>
public interface IStorageBackend : IDisposable
{
    /// <summary>One line for the start-up log: what and where, never a password.</summary>
    string Description { get; }

    /// <summary>Needed before <see cref="Initialize"/>: a restore puts its copy in place before anything opens the data.</summary>
    IDataBackup Backup { get; }

    /// <summary>Creates what is missing (files, schema) and brings older data up to date; before the actor system starts.</summary>
    void Initialize();

    /// <summary>The persistence half of the Akka configuration (journal, snapshots, serializer binding).</summary>
    Config AkkaConfig { get; }

    /// <summary>How Akka's persistence plugins open connections, when the HOCON alone does not say it.</summary>
    Setup? AkkaSetup { get; }

    /// <summary>What nodes sharing this store use to find each other and arbitrate; null for a store only one node can use.</summary>
    IClusterStore? ClusterStore { get; }

    /// <summary>
    /// Registers <c>IMessageHistoryStore</c>, <see cref="IAttachmentStore"/>, <see cref="IJournalRedactor"/>,
    /// <see cref="IStoreFigures"/>, <see cref="IDataBackup"/>, <see cref="ISecretStore"/>, the
    /// data-protection key ring, and the backend's own background work.
    /// </summary>
    void AddServices(IServiceCollection services);

    /// <summary>
    /// Whether the store answers now (a trivial query on a connection of its own), for the health
    /// endpoints: null if it does, else why not. Gives up after <paramref name="within"/>.
    /// </summary>
    Task<string?> ProbeAsync(TimeSpan within);
}
