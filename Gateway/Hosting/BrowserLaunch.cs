using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The old server opened its admin panel in the browser at start. The server does it itself once it
/// listens (it knows the real address, also with <c>--port 0</c>), and only when asked with
/// <see cref="OpenSwitch"/> — which <c>start.sh</c> and <c>start.cmd</c> pass — on a desktop session:
/// not in CI, not over SSH, not without a display, not with <see cref="NoOpenSwitch"/>.
/// </summary>
public sealed partial class BrowserLaunch(bool asked, IServer server, IHostApplicationLifetime lifetime, ILogger<BrowserLaunch> log) : IHostedService
{
    public const string OpenSwitch = "--open-browser";
    public const string NoOpenSwitch = "--no-browser";

    /// <summary>The command line without the two switches (flags without a value), and whether the browser was asked for.</summary>
    public static (string[] Args, bool Asked) TakeSwitches(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var asked = false;
        var rest = new List<string>(args.Length);
        foreach (var arg in args)
        {
            if (arg.Equals(OpenSwitch, StringComparison.OrdinalIgnoreCase) || arg.Equals(NoOpenSwitch, StringComparison.OrdinalIgnoreCase))
            {
                asked = arg.Equals(OpenSwitch, StringComparison.OrdinalIgnoreCase);
                continue;
            }

            rest.Add(arg);
        }

        return ([.. rest], asked);
    }

    /// <summary>Why the browser is not opened, or null to open it.</summary>
    public static string? ReasonNotToOpen(bool asked, Func<string, string?> environment, bool isWindows, bool isMacOs)
    {
        ArgumentNullException.ThrowIfNull(environment);
        bool Set(string name) => !string.IsNullOrWhiteSpace(environment(name));
        return !asked ? $"not asked ({OpenSwitch} is not given, or {NoOpenSwitch} came after it)"
            : Set("CI") ? "running in CI (CI is set)"
            : Set("SSH_CONNECTION") || Set("SSH_TTY") || Set("SSH_CLIENT") ? "running over SSH"
            : !isWindows && !isMacOs && !Set("DISPLAY") && !Set("WAYLAND_DISPLAY") ? "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
            : null;
    }

    /// <summary>The address a browser on this machine uses: a wildcard host becomes loopback.</summary>
    public static string LocalUrl(string listenAddress, string path)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);
        var uri = new Uri(listenAddress.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" ? "127.0.0.1" : uri.Host is "[::]" or "::" ? "[::1]" : uri.Host;
        return $"{uri.Scheme}://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{uri.Port}{path}";
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null)
            {
                return;
            }

            var panel = LocalUrl(address, "/admin");
            var why = ReasonNotToOpen(asked, Environment.GetEnvironmentVariable, OperatingSystem.IsWindows(), OperatingSystem.IsMacOS());
            if (why is not null)
            {
                // Asked for by a start script: say why not. Not asked for (run directly, a service): nothing to say.
                if (asked)
                {
                    LogNotOpened(log, why);
                }

                return;
            }

            Open(panel);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Open(string url)
    {
        try
        {
            // Windows: the shell opens a URL in the default browser, as start.cmd's "start" would.
            using var opened = OperatingSystem.IsWindows()
                ? Process.Start(new ProcessStartInfo(url) { UseShellExecute = true })
                : Process.Start(new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open", url) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or ExternalException)
        {
            LogNotOpened(log, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The admin panel is not opened in a browser: {Reason}")]
    private static partial void LogNotOpened(ILogger logger, string reason);
}
