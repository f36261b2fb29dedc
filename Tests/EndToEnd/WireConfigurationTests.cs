using ActorMessenger.Actors.Serialization;
using ActorMessenger.Admin.Serialization;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>The running server binds every wire type, serializes strictly, and takes frames as large as a full history page.</summary>
public sealed class WireConfigurationTests
{
    [Fact]
    public async Task The_server_binds_every_wire_type_strictly_and_takes_large_frames()
    {
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path);
        var system = server.Services.GetRequiredService<ActorSystem>();
        var config = system.Settings.Config;

        Assert.False(config.GetBoolean("akka.actor.serialization-settings.allow-unregistered-types"));
        Assert.Equal(16_777_216, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        foreach (var type in ProtocolManifests.Table.ByType.Keys)
        {
            Assert.IsType<ProtocolSerializer>(system.Serialization.FindSerializerForType(type));
        }

        foreach (var type in AdminManifests.Table.ByType.Keys)
        {
            Assert.IsType<AdminSerializer>(system.Serialization.FindSerializerForType(type));
        }
    }
}
