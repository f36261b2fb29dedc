using System.Diagnostics;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Api;
using ActorMessenger.Gateway.Hubs;
using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The server's graceful stop, whoever asks for it (an admin's restart or shutdown, SIGTERM, Ctrl+C,
/// the host being stopped). Before the host's own stopping begins — before SignalR drops its
/// connections and Akka's coordinated shutdown stops the actors and drains the history writer — it
/// refuses new connections, calls and REST writes, tells every client <c>server_stopping</c>, lets the
/// calls in flight finish (a send answered is a send stored), and closes every connection with
/// SignalR's "reconnect" close. Each wait is bounded, so a stuck client cannot hold the stop.
/// </summary>
public sealed partial class ServerLifecycle(
    IHostApplicationLifetime lifetime,
    HubActivity hub,
    IHubContext<MessengerHub> hubContext,
    IServer server,
    DataDirectory data,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<MessengerOptions> options,
    ILogger<ServerLifecycle> log) : IServerControl, IHostedService
{
    /// <summary>When clients are told to come back; they keep retrying until the server is there.</summary>
    public const int ReconnectAfterMs = 1000;

    /// <summary>How long calls in flight get to finish, and connections to close, before the stop goes on without them.</summary>
    public static readonly TimeSpan CallsGrace = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(3);

    private readonly bool _supervised = ServerRestart.IsSupervised(Environment.GetEnvironmentVariable);
    private string? _requested;
    private int _begun;
    private DateTimeOffset _startedAt = clock.GetUtcNow();

    /// <summary>The stop asked for (<see cref="ServerStopReasons"/>), or null.</summary>
    public string? Requested => Volatile.Read(ref _requested);

    /// <summary>A start script or service manager starts the server again when it exits with <see cref="ServerRestart.ExitCode"/>.</summary>
    public bool Supervised => _supervised;

    public string Request(string reason)
    {
        Interlocked.CompareExchange(ref _requested, reason, null);
        return Requested!;
    }

    public void Begin()
    {
        if (Requested is not null && Interlocked.Exchange(ref _begun, 1) == 0)
        {
            // The stopping callbacks run on the caller's thread and wait for the drain: not a request's thread.
            _ = Task.Run(lifetime.StopApplication);
        }
    }

    public ServerStatus Status()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        var now = clock.GetUtcNow();
        using var process = Process.GetCurrentProcess();
        var free = FreeDiskBytes(data.Path);
        var minFree = options.Value.Limits.MinFreeDiskBytes;
        return new ServerStatus(
            Running: true,
            Uptime: Math.Round((now - _startedAt).TotalSeconds, 1),
            Port: addresses.Select(a => new Uri(a).Port).FirstOrDefault(),
            StartedAt: _startedAt,
            Addresses: addresses,
            Version: ServerVersion.Current,
            Node: Akka.Cluster.Cluster.Get(services.GetRequiredService<ActorSystem>()).SelfAddress.ToString(),
            DataDir: Path.GetFullPath(data.Path),
            Connections: hub.Connections,
            Pid: Environment.ProcessId,
            ProcessStartedAt: process.StartTime.ToUniversalTime(),
            FreeDiskBytes: free,
            MinFreeDiskBytes: minFree,
            LowDisk: free < minFree,
            RestartPending: Requested == ServerStopReasons.Restart,
            Stopping: Requested,
            RestartMode: _supervised ? ServerRestart.ProcessMode : ServerRestart.InProcessMode,
            RestartExitCode: ServerRestart.ExitCode,
            ReconnectAfterMs: ReconnectAfterMs);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = clock.GetUtcNow();

        // Stopping callbacks run last-registered first: this one, registered at start, runs before
        // SignalR's own (registered when the hub was mapped), which drops every connection at once.
        lifetime.ApplicationStopping.Register(() => DrainAsync().GetAwaiter().GetResult());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task DrainAsync()
    {
        // A stop nobody asked for through the API (a signal, the host stopped) is a shutdown.
        var reason = Request(ServerStopReasons.Shutdown);
        var watch = Stopwatch.StartNew();
        hub.BeginDraining();
        LogStopping(log, reason, hub.Connections, hub.CallsInFlight);
        try
        {
            await hubContext.Clients.All.SendAsync(ClientEventNames.ServerStopping, new ServerStoppingEvent(reason, ReconnectAfterMs))
                .WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Slow readers get the close without the notice; their clients reconnect all the same.
        }

        var callsFinished = await HubActivity.Until(() => hub.CallsInFlight == 0, CallsGrace).ConfigureAwait(false);

        var told = hub.CloseAll();
        var closed = await HubActivity.Until(() => hub.Connections == 0, CloseGrace).ConfigureAwait(false);
        LogDrained(log, told, watch.ElapsedMilliseconds, callsFinished ? "finished" : $"{hub.CallsInFlight} still running", closed ? "all closed" : $"{hub.Connections} still open");
    }

    private static long? FreeDiskBytes(string path)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping ({Reason}): telling {Connections} connection(s), {Calls} call(s) in flight")]
    private static partial void LogStopping(ILogger logger, string reason, int connections, int calls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Connections} connection(s) after {Milliseconds} ms (calls: {Calls}; connections: {Closed})")]
    private static partial void LogDrained(ILogger logger, int connections, long milliseconds, string calls, string closed);
}
