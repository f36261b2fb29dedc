using ActorMessenger.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ActorMessenger.Tests.Support;

/// <summary>The real server (Kestrel, Akka, SQLite) on a free loopback port with a given data directory.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<RunningServer> StartAsync(string dataDir, params string[] extraArgs) => StartAsync(dataDir, null, extraArgs);

    public static async Task<RunningServer> StartAsync(string dataDir, Action<WebApplicationBuilder>? customize, params string[] extraArgs)
    {
        string[] args =
        [
            "--host", "127.0.0.1",
            "--port", "0",
            "--data-dir", dataDir,
            .. TestLimits.OutOfTheWay,
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ];
        var app = MessengerServer.Build(args, customize);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
