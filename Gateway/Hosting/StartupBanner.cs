using System.Net.NetworkInformation;
using System.Net.Sockets;
using ActorMessenger.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>Prints where the server can be reached, LAN addresses included when bound to all interfaces.</summary>
public sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, DataDirectory data, IStorageBackend storage, ILogger<StartupBanner> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var uri = new Uri(address);
                if (uri.Host is "0.0.0.0" or "[::]")
                {
                    foreach (var ip in LanAddresses())
                    {
                        var lan = $"{uri.Scheme}://{ip}:{uri.Port}";
                        LogServing(log, lan);
                    }
                }
                else
                {
                    LogServing(log, address);
                }
            }

            LogData(log, data.Path);
            LogStorage(log, storage.Description);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<string> LanAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(a => a.Address.ToString());

    [LoggerMessage(Level = LogLevel.Information, Message = "ActorMessenger is serving on {Url}")]
    private static partial void LogServing(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data: {DataDirectory}")]
    private static partial void LogData(ILogger logger, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Storage}")]
    private static partial void LogStorage(ILogger logger, string storage);
}
