using System.Reflection;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>The release's version, set once in Directory.Build.props.</summary>
public static class ServerVersion
{
    public static string Current { get; } =
        typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>What <c>--version</c> prints and the console's first line.</summary>
    public static string Line => $"ActorMessenger {Current}";
}
