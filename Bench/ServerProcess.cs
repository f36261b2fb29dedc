using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorMessenger.Bench;

/// <summary>A server under test in a child process of its own, so its memory can be read apart from the clients'.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    // Servers still running when the bench itself is stopped (Ctrl+C, kill): they go with it.
    private static readonly HashSet<Process> Running = [];

    private static readonly PosixSignalRegistration[] StopSignals =
        [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(s => PosixSignalRegistration.Create(s, _ => StopAll()))];

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    private static void StopAll()
    {
        lock (Running)
        {
            foreach (var server in Running.Where(p => !p.HasExited))
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>For attaching dotnet-counters or dotnet-trace while a scenario runs.</summary>
    public int Pid => _process.Id;

    /// <summary>The real ActorMessenger server (Release build) on a free loopback port.</summary>
    public static Task<ServerProcess> StartMessenger(string dataDir, params string[] extra)
    {
        var port = FreePort();
        string[] args =
        [
            Paths.GatewayDll, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDir,
            "--Messenger:DemoUsers", "false", "--Messenger:AuthAttemptsPerMinute", "100000000", "--Messenger:RegistrationsPerAddressPerHour", "100000000",
            "--Messenger:Limits:SendBurst", "100000000", "--Messenger:Limits:SendsPerSecond", "100000000", "--Messenger:Limits:UploadsPerHour", "100000000",
            "--Messenger:Limits:ChatsCreatedPerHour", "100000000", "--Messenger:Limits:MinFreeDiskBytes", "0",
            "--Messenger:Connections:PerAddress", "0", "--Messenger:Connections:HubConnectionsPerUser", "0",
            "--Logging:LogLevel:Default", "Warning", "--Hocon:akka:loglevel", "WARNING", .. extra,
        ];
        return Start(args, port, MessengerEnvironment());
    }

    /// <summary>
    /// The environment <c>start.sh</c> and the service unit give the server (glibc's heap held to two arenas),
    /// then runtime settings to try on the messenger alone (<c>BENCH_MESSENGER_ENV="DOTNET_GCgen0size=0x400000;…"</c>,
    /// later values winning), so a runtimeconfig choice can be measured before it is made.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> MessengerEnvironment() =>
        new[] { KeyValuePair.Create("MALLOC_ARENA_MAX", "2") }.Concat(
            (Environment.GetEnvironmentVariable("BENCH_MESSENGER_ENV") ?? string.Empty)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(pair => pair.Split('=', 2))
                .Select(kv => KeyValuePair.Create(kv[0], kv.Length > 1 ? kv[1] : string.Empty)));

    /// <summary>
    /// The bare hub and the messenger started at once: each start is mostly a wait for its runtime and
    /// its health check, so starting them one after the other only added that wait to every scenario.
    /// </summary>
    public static async Task<(ServerProcess Bare, ServerProcess Messenger)> StartSideBySide(string dataDir, string? bareJournalPath = null)
    {
        var bare = StartBareHub(bareJournalPath);
        var messenger = StartMessenger(dataDir);
        try
        {
            await Task.WhenAll(bare, messenger);
        }
        catch
        {
            foreach (var started in new[] { bare, messenger }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        return (bare.Result, messenger.Result);
    }

    /// <summary>The bare hub baseline: this very program in its other mode; with a journal file it also relays durably (B1d).</summary>
    public static Task<ServerProcess> StartBareHub(string? journalPath = null)
    {
        var port = FreePort();
        string[] args = [typeof(ServerProcess).Assembly.Location, "--bare-hub", "--port", port.ToString(CultureInfo.InvariantCulture)];
        return Start(journalPath is null ? args : [.. args, "--journal", journalPath], port);
    }

    /// <summary>CPU time (user + system) the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident memory of the server process, in bytes (Linux /proc).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmRSS not found");
    }

    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        // SIGTERM: a graceful stop, as an operator's Ctrl+C.
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lock (Running)
        {
            Running.Remove(_process);
        }

        _process.Dispose();
    }

    private static async Task<ServerProcess> Start(string[] args, int port, IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Each server runs with the runtime settings it ships with (the messenger's runtimeconfig, the
        // bare hub's ASP.NET Core defaults) unless BENCH_GC_SERVER chooses the GC for both.
        if (Environment.GetEnvironmentVariable("BENCH_GC_SERVER") is { } gcServer)
        {
            info.Environment["DOTNET_gcServer"] = gcServer;
        }

        info.Environment["DOTNET_HOSTBUILDER__RELOADCONFIGONCHANGE"] = "false";
        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + args[0]);
        lock (Running)
        {
            Running.Add(process);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                Console.Error.WriteLine($"  [server {process.Id}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server exited with {process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return new ServerProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("server did not become healthy");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where the built server lives, found from the repository root.</summary>
public static class Paths
{
    public static string Root { get; } = FindRoot();

    public static string GatewayDll => Path.Combine(Root, "Gateway", "bin", "Release", "net10.0", "ActorMessenger.Gateway.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorMessenger.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the bench from inside the repository");
    }
}
