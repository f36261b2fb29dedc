using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ActorMessenger.Gateway.Cluster;
using ActorMessenger.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The first lines people read once the server listens: the version, where the messenger and the
/// admin panel answer (every LAN address when bound to all interfaces), where the data lives, and a
/// warning while a demo account keeps its demo password.
/// </summary>
public sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, DataDirectory data, IStorageBackend storage, ClusterNode cluster, DemoPasswordReport demo, ILogger<StartupBanner> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var bases = BaseUrls(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], LanAddresses()).ToList();
            LogVersion(log, ServerVersion.Line);
            for (var i = 0; i < bases.Count; i++)
            {
                LogUrl(log, i == 0 ? "Messenger:  " : "            ", bases[i] + "/");
            }

            for (var i = 0; i < bases.Count; i++)
            {
                LogUrl(log, i == 0 ? "Admin panel:" : "            ", bases[i] + "/admin");
            }

            var dataPath = Path.GetFullPath(data.Path);
            LogData(log, dataPath);
            LogStorage(log, storage.Description);
            if (cluster.Topology.Shared)
            {
                LogCluster(log, cluster.Address ?? "(not started)", cluster.Topology.BindHost, cluster.Topology.Port, cluster.CertificateThumbprint ?? "none");
            }
            if (demo.Created.Count > 0)
            {
                var created = string.Join(", ", demo.Created);
                LogCreated(log, created);
            }

            if (demo.Unchanged.Count > 0 && log.IsEnabled(LogLevel.Warning))
            {
                var accounts = string.Join(", ", demo.Unchanged.Select(u => $"{u.Username} ({u.Password})"));
                LogDemoPasswords(log, accounts, bases.FirstOrDefault() + "/admin");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The addresses to print, without a path: a wildcard binding becomes loopback (for this machine)
    /// followed by each of <paramref name="lan"/> (for the others).
    /// </summary>
    public static IEnumerable<string> BaseUrls(IEnumerable<string> listening, IEnumerable<IPAddress> lan)
    {
        ArgumentNullException.ThrowIfNull(listening);
        var lanAddresses = lan.ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in listening)
        {
            var local = BrowserLaunch.LocalUrl(address, string.Empty);
            if (seen.Add(local))
            {
                yield return local;
            }

            var uri = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
            if (uri.Host is not ("0.0.0.0" or "[::]" or "::"))
            {
                continue;
            }

            foreach (var ip in lanAddresses.Where(ip => !IPAddress.IsLoopback(ip)))
            {
                var url = $"{uri.Scheme}://{ip}:{uri.Port}";
                if (seen.Add(url))
                {
                    yield return url;
                }
            }
        }
    }

    public static List<IPAddress> LanAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => a.Address)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Version}")]
    private static partial void LogVersion(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Label} {Url}")]
    private static partial void LogUrl(ILogger logger, string label, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data:        {DataDirectory}")]
    private static partial void LogData(ILogger logger, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage:     {Storage}")]
    private static partial void LogStorage(ILogger logger, string storage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster:     {Address} (listening on {BindHost}:{Port}, TLS, certificate {Thumbprint})")]
    private static partial void LogCluster(ILogger logger, string address, string bindHost, int port, string thumbprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the demo accounts {Usernames} (first start on this data directory).")]
    private static partial void LogCreated(ILogger logger, string usernames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo accounts still have their demo passwords: {Accounts}. Sign in as each at {Panel} on this machine and change the password before opening the server to the LAN (or start on a fresh data directory with --Messenger:DemoUsers false).")]
    private static partial void LogDemoPasswords(ILogger logger, string accounts, string panel);
}
