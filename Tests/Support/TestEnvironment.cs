using System.Runtime.CompilerServices;

namespace ActorMessenger.Tests.Support;

internal static class TestEnvironment
{
    /// <summary>Many hosts in one run would exhaust inotify watches with config reload on.</summary>
    [ModuleInitializer]
    internal static void Initialize() =>
        Environment.SetEnvironmentVariable("DOTNET_HOSTBUILDER__RELOADCONFIGONCHANGE", "false");
}
