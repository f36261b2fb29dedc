using System.Net;
using ActorMessenger.Admin.Backups;
using ActorMessenger.Gateway.Hosting;
using Xunit;

namespace ActorMessenger.Tests.Console;

public sealed class CommandLineSpecs
{
    [Fact]
    public void Help_lists_every_switch_and_every_messenger_setting_with_its_default()
    {
        var help = ServerCommandLine.HelpText();
        string[] switches =
        [
            .. ServerCommandLine.Switches.Keys, BackupRestorer.Switch, StorageMigrationCommand.Switch, DemoPasswordGuard.AllowSwitch, BrowserLaunch.OpenSwitch, BrowserLaunch.NoOpenSwitch,
            ServerCommandLine.VerboseSwitch, ServerCommandLine.VersionSwitch, ServerCommandLine.HelpSwitch, ServerCommandLine.SeedSwitch, "--urls", "--install-service", "--uninstall-service",
        ];
        foreach (var option in switches)
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }

        var settings = ServerCommandLine.Settings(MessengerOptions.Section, new MessengerOptions()).ToList();
        Assert.Contains(("Messenger:Port", "5000"), settings);
        Assert.Contains(("Messenger:Limits:SendBurst", "30"), settings);
        Assert.Contains(("Messenger:Connections:KeepAliveTimeout", "00:01:00"), settings);
        Assert.Contains(("Messenger:Cluster:Seeds", "[]"), settings);
        Assert.DoesNotContain(settings, s => s.Name.EndsWith(":ListenUrls", StringComparison.Ordinal));
        foreach (var (name, value) in settings)
        {
            Assert.Contains($"--{name} {value}", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_wildcard_binding_is_printed_as_this_machine_first_then_every_lan_address()
    {
        IPAddress[] lan = [IPAddress.Loopback, IPAddress.Parse("192.168.1.20"), IPAddress.Parse("10.0.0.5")];
        Assert.Equal(
            ["http://127.0.0.1:5000", "http://192.168.1.20:5000", "http://10.0.0.5:5000"],
            StartupBanner.BaseUrls(["http://0.0.0.0:5000"], lan));
        Assert.Equal(["http://127.0.0.1:8080"], StartupBanner.BaseUrls(["http://127.0.0.1:8080"], lan));
        Assert.Equal(["https://localhost:5001", "https://192.168.1.20:5001", "https://10.0.0.5:5001"], StartupBanner.BaseUrls(["https://+:5001"], lan));
    }
}
