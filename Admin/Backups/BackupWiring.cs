using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorMessenger.Admin.Backups;

/// <summary>The backup service and its schedule; the host registers an <see cref="Persistence.IDataBackup"/> for its storage.</summary>
public static class BackupWiring
{
    public static IServiceCollection AddMessengerBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BackupOptions>(configuration.GetSection(BackupOptions.Section));
        services.AddSingleton<BackupService>();
        services.AddHostedService<BackupScheduler>();
        return services;
    }
}
