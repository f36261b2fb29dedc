using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Tries each address the server will listen on before anything starts, so that a port in use ends
/// the start at once with a sentence instead of Kestrel's trace after the actor system came up.
/// Kestrel's own bind failure stays the backstop (another program may take the port meanwhile).
/// </summary>
public static class ListenPortCheck
{
    /// <summary>The first of <paramref name="urls"/> whose port another socket holds, or null.</summary>
    public static string? FirstTaken(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue;
            }

            var ip = address.Host switch
            {
                "localhost" => IPAddress.Loopback,
                "*" or "+" => IPAddress.Any,
                var host => IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null,
            };
            if (ip is null || address.Port == 0)
            {
                continue;
            }

            try
            {
                using var probe = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

                // As Kestrel binds on Linux and macOS: connections of a server that just stopped (a
                // restart) linger in TIME_WAIT and must not count, only another listening socket.
                if (!OperatingSystem.IsWindows())
                {
                    probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }

                probe.Bind(new IPEndPoint(ip, address.Port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                return url;
            }
        }

        return null;
    }

    public static string Refusal(string urls) =>
        $"Cannot listen on {urls}: the port is already in use, by another ActorMessenger or another program. "
        + "Stop that program, or start this one on another port (--port N).";
}

/// <summary>The start was refused: a port the server would listen on is taken.</summary>
public sealed class PortInUseException(string message) : Exception(message);
