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
            "--Messenger:AuthAttemptsPerMinute", "10000",
            "--Messenger:RegistrationsPerAddressPerHour", "100000",
            "--Messenger:Login:FreeFailures", "100000",
            "--Messenger:Login:FreeFailuresEverywhere", "100000",
            "--Messenger:Limits:SendBurst", "100000",
            "--Messenger:Limits:SendsPerSecond", "100000",
            "--Messenger:Limits:UploadsPerHour", "100000",
            "--Messenger:Limits:ChatsCreatedPerHour", "100000",
            "--Messenger:Limits:MinFreeDiskBytes", "0",
            "--Messenger:Connections:PerAddress", "0",
            "--Messenger:Connections:HubConnectionsPerUser", "0",
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
