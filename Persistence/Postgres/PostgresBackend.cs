using ActorMessenger.Actors.History;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// Everything in one PostgreSQL database that every node of a cluster shares: the journal and
/// snapshots, the read model, attachments with their bytes, the signing key and the data-protection
/// keys. The data directory keeps only what is this node's own (its lock, backups it writes, logs).
/// </summary>
public sealed class PostgresBackend : IStorageBackend
{
    public PostgresBackend(string connectionString, PostgresSettings? settings = null)
    {
        Database = new PostgresDatabase(connectionString, settings);
        Backup = new PostgresDataBackup(Database);
        ClusterStore = new PostgresClusterStore(Database);
    }

    public IClusterStore ClusterStore { get; }

    public PostgresDatabase Database { get; }

    public string Description => Database.Name;

    public IDataBackup Backup { get; }

    public Config AkkaConfig => PersistenceHocon.ForPostgres(Database);

    public Setup? AkkaSetup => null;

    public void Initialize() => Database.Initialize();

    public void AddServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(Database);
        services.AddSingleton<IMessageHistoryStore>(new PostgresMessageHistoryStore(Database));
        services.AddSingleton<IJournalRedactor>(new PostgresJournalRedactor(Database));
        services.AddSingleton<IAttachmentStore>(new PostgresAttachmentStore(Database));
        services.AddSingleton(Backup);
        services.AddSingleton<IStoreFigures>(new PostgresStoreFigures(Database));
        services.AddSingleton<ISecretStore>(new PostgresSecretStore(Database));
        services.AddDataProtection();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(Database));
    }

    public Task<string?> ProbeAsync(TimeSpan within) => StorageProbe.Run(Database.PingAsync, within);

    public void Dispose() => Database.Dispose();
}
