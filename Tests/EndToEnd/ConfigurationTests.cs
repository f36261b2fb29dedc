using ActorMessenger.Actors;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Hocon_tunables_come_from_the_file_and_can_be_overridden_from_the_command_line()
    {
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path, "--Hocon:messenger:max-text-length", "5");
        var system = server.Services.GetRequiredService<ActorSystem>();
        var settings = MessengerSettings.From(system.Settings.Config);
        Assert.Equal(5, settings.MaxTextLength);
        Assert.Equal(500, settings.RecentWindow);
        Assert.True(File.Exists(Path.Combine(data.Path, "messenger.db")));
        Assert.True(File.Exists(Path.Combine(data.Path, "history.db")));
        Assert.True(File.Exists(Path.Combine(data.Path, "snapshots.db")));
        Assert.True(File.Exists(Path.Combine(data.Path, "signing.key")));
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_refuses_to_start()
    {
        using var data = new TempDirectory();
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            var error = await Assert.ThrowsAsync<ActorMessenger.Persistence.DataDirectoryInUseException>(() => RunningServer.StartAsync(data.Path));
            Assert.Contains("Another ActorMessenger server", error.Message, StringComparison.Ordinal);
        }

        // Once the first has stopped, the directory is free again.
        await using var second = await RunningServer.StartAsync(data.Path);
    }
}
