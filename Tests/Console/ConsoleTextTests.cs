using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.Console;

/// <summary>What a person sees in the console: the real server process, started as a person would.</summary>
public sealed class ConsoleTextTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static string[] PlainArguments(int port, string dataDir, params string[] extra) =>
        ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDir, "--no-browser", .. extra];

    [Fact]
    public async Task The_start_up_text_gives_version_addresses_data_and_the_demo_warning_then_the_old_servers_lines_without_actor_system_chatter()
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        await using var server = await GatewayProcess.Start("dotnet", GatewayProcess.GatewayCommand(PlainArguments(port, data.Path)), port, new Dictionary<string, string>());
        await using (var user1 = await MessengerClient.ConnectAsync(server.Address, "user1", "123456"))
        {
            var (user2, _) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
            await user1.SendText(user2, "hello from the console test");
        }

        await Poll.Until(() => server.Output.Contains("Client disconnected: user1", StringComparison.Ordinal), () => server.Output, Deadline);
        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExit(Deadline));
        var text = server.Output;
        output.WriteLine(text);

        // A start slowed by a busy machine says so in a warning of its own, which is not chatter.
        var lines = text.Split('\n').Where(l => !l.Contains("(the machine may be busy)", StringComparison.Ordinal)).ToArray();
        Assert.Equal(ServerVersion.Line, lines[0]);
        Assert.Contains($"Messenger:   http://127.0.0.1:{port}/", text, StringComparison.Ordinal);
        Assert.Contains($"Admin panel: http://127.0.0.1:{port}/admin", text, StringComparison.Ordinal);
        Assert.Contains("Data:        " + Path.GetFullPath(data.Path), text, StringComparison.Ordinal);
        Assert.Contains("warning: Demo accounts still have their demo passwords: admin (admin123), user1 (123456), user2 (123456)", text, StringComparison.Ordinal);
        Assert.Contains("Client connected: user1", text, StringComparison.Ordinal);
        Assert.Contains("Message sent: user1 -> user2", text, StringComparison.Ordinal);

        // Neither the actor system's nor ASP.NET Core's information lines, and no warning besides the demo passwords.
        Assert.DoesNotContain(lines, l => l.Contains("[INFO]", StringComparison.Ordinal) || l.StartsWith("info:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("[WARNING]", StringComparison.Ordinal) || (l.Contains("warning:", StringComparison.Ordinal) && !l.Contains("Demo accounts", StringComparison.Ordinal)));
        Assert.True(lines.Length < 20, $"{lines.Length} lines for a start, one message and a stop");
    }

    [Fact]
    public async Task Verbose_shows_the_actor_systems_start_up_lines()
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        await using var server = await GatewayProcess.Start("dotnet", GatewayProcess.GatewayCommand(PlainArguments(port, data.Path, "--verbose")), port, new Dictionary<string, string>());
        Assert.Contains("[INFO]", server.Output, StringComparison.Ordinal);
        Assert.Contains("Cluster Node", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_and_help_print_and_exit_without_starting()
    {
        var (versionCode, version) = await GatewayProcess.RunToExit("dotnet", GatewayProcess.GatewayCommand("--version"), Deadline);
        Assert.Equal(0, versionCode);
        Assert.Equal(ServerVersion.Line, version.Trim());

        var (helpCode, help) = await GatewayProcess.RunToExit("dotnet", GatewayProcess.GatewayCommand("--help"), Deadline);
        Assert.Equal(0, helpCode);
        Assert.Equal(ServerCommandLine.HelpText().Trim(), help.Trim().ReplaceLineEndings("\n").Replace("\r", string.Empty, StringComparison.Ordinal).Trim(), ignoreLineEndingDifferences: true);
    }

    [Fact]
    public async Task Health_and_the_status_name_the_version()
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        await using var server = await GatewayProcess.StartServer(port, data.Path);
        using var http = MessengerClient.Anonymous(server.Address);
        var health = await http.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative));
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal(ServerVersion.Current, health.GetProperty("version").GetString());

        var (_, token) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, token);
        var status = await admin.GetFromJsonAsync<JsonElement>(new Uri("/admin/server/status", UriKind.Relative));
        Assert.Equal(ServerVersion.Current, status.GetProperty("version").GetString());
    }
}
