using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// The real server as a process of its own (the Gateway build beside the tests), started directly or
/// through <c>start.sh</c>, on a loopback port: for what only a process shows — signals, exit codes,
/// a restart that comes back by itself. Killed with its children if a test leaves it running.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private bool _disposed;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _timed = new();

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The started process: the server itself, or the start script.</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    /// <summary>The output with the moment the test received each line (UTC, milliseconds): one clock for every node.</summary>
    public string TimedOutput => string.Join('\n', _timed);

    public static string GatewayDll => Path.Combine(AppContext.BaseDirectory, "ActorMessenger.Gateway.dll");

    /// <summary>The repository's <c>start.sh</c>, found above the test binaries.</summary>
    public static string StartScript
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "start.sh");
                if (File.Exists(script))
                {
                    return script;
                }
            }

            throw new FileNotFoundException("start.sh was not found above " + AppContext.BaseDirectory);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The usual arguments of a test server on <paramref name="port"/> and <paramref name="dataDir"/>.</summary>
    public static string[] ServerArguments(int port, string dataDir, params string[] extra) =>
    [
        "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDir, "--no-browser",
        .. TestLimits.OutOfTheWay, "--Logging:LogLevel:Default", "Warning",
        "--Logging:LogLevel:ActorMessenger.Gateway.Hosting.ServerLifecycle", "Information", "--Hocon:akka:loglevel", "WARNING", .. extra,
    ];

    /// <summary><c>dotnet ActorMessenger.Gateway.dll …</c>, not supervised unless the environment says so.</summary>
    public static Task<GatewayProcess> StartServer(int port, string dataDir, IReadOnlyDictionary<string, string>? environment = null, params string[] extra) =>
        Start("dotnet", [GatewayDll, .. ServerArguments(port, dataDir, extra)], port, environment ?? new Dictionary<string, string>());

    /// <summary><c>bash start.sh …</c> running the Gateway build beside the tests (no build of its own).</summary>
    public static Task<GatewayProcess> StartWithScript(int port, string dataDir, params string[] extra) =>
        Start("bash", [StartScript, .. ServerArguments(port, dataDir, extra)], port, new Dictionary<string, string> { ["ACTORMESSENGER_DLL"] = GatewayDll });

    /// <summary>
    /// Any command that starts a server on <paramref name="port"/> of <paramref name="host"/>, with exactly these
    /// arguments (no test defaults); returns once <c>/health</c> answers.
    /// </summary>
    public static async Task<GatewayProcess> Start(string fileName, IEnumerable<string> args, int port, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null, string host = "127.0.0.1")
    {
        var started = Launch(fileName, args, port, environment, workingDirectory, host);
        try
        {
            await started.WaitUntilHealthy(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }

        return started;
    }

    /// <summary>Starts the command and returns at once, its output kept: for a server that is not expected to answer yet.</summary>
    public static GatewayProcess Launch(string fileName, IEnumerable<string> args, int port, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null, string host = "127.0.0.1")
    {
        var process = Process.Start(StartInfo(fileName, args, environment, workingDirectory))!;
        var started = new GatewayProcess(process, new Uri($"http://{host}:{port}"));
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>
    /// Runs a command that is expected to end by itself (<c>--help</c>, a refused start) and returns its
    /// exit code and output (standard output and error, in arrival order).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExit(string fileName, IEnumerable<string> args, TimeSpan within, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Process.Start(StartInfo(fileName, args, environment ?? new Dictionary<string, string>(), workingDirectory))!;
        var lines = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not exit within {within}. Output:\n{string.Join('\n', lines)}");
        }

        // The asynchronous readers may still hold the last lines: this overload waits for them.
        process.WaitForExit();
        return (process.ExitCode, string.Join('\n', lines));
    }

    /// <summary>The server's command without the test defaults: <c>dotnet ActorMessenger.Gateway.dll</c> and these arguments.</summary>
    public static string[] GatewayCommand(params string[] args) => [GatewayDll, .. args];

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        // A test run started in the background by a script inherits SIGINT ignored, and so would the
        // server (an ignored signal stays ignored across exec): env puts Ctrl+C back as a terminal has it.
        // env execs the command, so the process id is the server's.
        var info = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (OperatingSystem.IsLinux())
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add(fileName);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_HOSTBUILDER__RELOADCONFIGONCHANGE"] = "false";
        info.Environment.Remove("ACTORMESSENGER_SUPERVISED");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            _timed.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    /// <summary>Polls <c>/health</c> until it answers, failing with the process's output if it does not within the deadline.</summary>
    public Task WaitUntilHealthy(TimeSpan within) =>
        WaitUntilHealthy(Address, () => _process.HasExited, within, () => Output);

    /// <summary>Polls <c>/health</c> of a server until it answers; fails once <paramref name="gaveUp"/> holds or the deadline passes.</summary>
    public static async Task WaitUntilHealthy(Uri address, Func<bool> gaveUp, TimeSpan within, Func<string>? output = null)
    {
        ArgumentNullException.ThrowIfNull(gaveUp);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet (or between a stop and the next start).
            }

            if (DateTime.UtcNow > deadline || gaveUp())
            {
                throw new TimeoutException($"The server did not answer /health (ended: {gaveUp()}). Output:\n{output?.Invoke()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Sends a signal (e.g. "TERM", "INT") to the process, as a service manager or Ctrl+C would.</summary>
    public void Signal(string signal, int? pid = null)
    {
        using var kill = Process.Start("kill", [$"-{signal}", (pid ?? Pid).ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code, failing if the process is still running after <paramref name="within"/>.</summary>
    public async Task<int> WaitForExit(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {within}. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposed twice when a test has replaced a node and its cluster disposes what it holds: the second
        // call would throw and hide the test's own failure.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
