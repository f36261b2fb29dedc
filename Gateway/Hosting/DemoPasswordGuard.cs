using System.Net;
using Microsoft.AspNetCore.Http;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The demo accounts' well-known passwords are for a first look on one machine: while any of them is
/// unchanged, the server listens on loopback only, unless started with <see cref="AllowSwitch"/>.
/// </summary>
public static class DemoPasswordGuard
{
    public const string AllowSwitch = "--allow-demo-passwords";

    /// <summary>The command line without <see cref="AllowSwitch"/> (a flag without a value), and whether it was there.</summary>
    public static (string[] Args, bool Allowed) TakeAllowSwitch(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = args.Where(a => !a.Equals(AllowSwitch, StringComparison.OrdinalIgnoreCase)).ToArray();
        return (rest, rest.Length != args.Length);
    }

    /// <summary>The first host among <paramref name="urls"/> that is reachable from other machines, or null if all are loopback.</summary>
    public static string? FirstExposedHost(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls.Where(u => !string.IsNullOrWhiteSpace(u)))
        {
            var host = BindingAddress.Parse(url.Trim()).Host;
            var isLoopback = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (!isLoopback)
            {
                return host;
            }
        }

        return null;
    }

    public static string RefusalText(string host, IEnumerable<string> usernames) =>
        $"Refusing to listen on {host}: the demo account(s) {string.Join(", ", usernames)} still have their demo passwords, "
        + "which anyone on the network could use. Start on 127.0.0.1 (the default), sign in as each of them and change the password "
        + "(POST /api/me/password), then start again with --host " + host + "; or start on a fresh data directory with "
        + "--Messenger:DemoUsers false; or pass " + AllowSwitch + " to listen anyway.";
}

/// <summary>The start was refused: a demo password is unchanged and the server would listen beyond loopback.</summary>
public sealed class DemoPasswordsRefusedException(string message) : Exception(message);
