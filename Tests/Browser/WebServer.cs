using System.Net;
using System.Net.Sockets;
using ActorMessenger.Tests.Support;

namespace ActorMessenger.Tests.Browser;

/// <summary>
/// The real server for browser tests on a port of its own that stays the same across restarts, so
/// pages that are open reconnect to it by themselves.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly TempDirectoryServer _server;

    private WebServer(int port, string[] args)
    {
        Port = port;
        _server = new TempDirectoryServer(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args]);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public Uri Address => new(Url);

    /// <summary>
    /// Another process may take the free port between the look and the bind: a first start that finds
    /// it taken tries another (restarts keep theirs, which pages reconnect to).
    /// </summary>
    public static async Task<WebServer> StartAsync(params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new WebServer(FreePort(), args);
            try
            {
                await server._server.StartAsync();
                return server;
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await server.DisposeAsync();
            }
        }
    }

    public Task StopAsync() => _server.StopAsync();

    public Task StartAgainAsync() => _server.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
