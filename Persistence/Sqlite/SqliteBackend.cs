using ActorMessenger.Actors.History;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// The zero-install default: three SQLite files in the data directory (see <see cref="SqliteDatabase"/>),
/// uploaded files, the signing key and the data-protection keys beside them.
/// </summary>
public sealed class SqliteBackend : IStorageBackend
{
    private readonly DataDirectory _dataDirectory;

    public SqliteBackend(DataDirectory dataDirectory)
    {
        _dataDirectory = dataDirectory ?? throw new ArgumentNullException(nameof(dataDirectory));
        Database = new SqliteDatabase(dataDirectory.Path);
        Backup = new SqliteDataBackup(Database);
    }

    public SqliteDatabase Database { get; }

    public string Description => $"SQLite in {_dataDirectory.Path}";

    public IDataBackup Backup { get; }

    /// <summary>SQLite files serve one node: no cluster of several.</summary>
    public IClusterStore? ClusterStore => null;

    public Config AkkaConfig => PersistenceHocon.ForSqlite(Database, checkpointedElsewhere: true);

    // The server runs a WalCheckpointer for the journal (JournalCheckpoints below).
    public Setup AkkaSetup => SqliteJournalConnections.Setup(Database, checkpointedElsewhere: true);

    public void Initialize() => Database.Initialize();

    public void AddServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var history = new SqliteMessageHistoryStore(Database);
        services.AddSingleton(Database);
        services.AddSingleton<IMessageHistoryStore>(history);
        services.AddSingleton<IJournalRedactor>(new SqliteJournalRedactor(Database));
        services.AddSingleton<IAttachmentStore>(new SqliteAttachmentStore(Database));
        services.AddSingleton(Backup);
        services.AddSingleton<IStoreFigures>(new SqliteStoreFigures(Database));
        services.AddSingleton<ISecretStore>(new FileSecretStore(_dataDirectory));
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(_dataDirectory.File(DataDirectory.KeysFolderName)));
        services.AddHostedService<JournalCheckpoints>();
    }

    public Task<string?> ProbeAsync(TimeSpan within) => StorageProbe.Run(
        _ =>
        {
            using var connection = Database.OpenForProjection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            command.ExecuteScalar();
            return Task.CompletedTask;
        },
        within);

    /// <summary>Closes the pooled connections (see <see cref="SqliteDatabase.ClosePools"/>).</summary>
    public void Dispose() => Database.ClosePools();
}
