using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Members;
using Akka.Actor;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>This node, as the cluster view sees it: its URLs, its version, and its graceful stop (a leave).</summary>
public sealed class NodeControl(IServer server, IOptions<MessengerOptions> options, ServerLifecycle lifecycle, IServiceProvider services) : INodeControl
{
    public string Version => ServerVersion.Current;

    public bool Stopping => lifecycle.Requested is not null;

    public IReadOnlyList<string> Urls()
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } bound ? (IEnumerable<string>)bound : options.Value.ListenUrls;
        var self = Akka.Cluster.Cluster.Get(services.GetRequiredService<ActorSystem>()).SelfAddress;
        return NodeUrls.For(options.Value.PublicUrls, listening, self.Host ?? string.Empty, Environment.MachineName);
    }

    /// <summary>The same graceful stop as SIGTERM or the panel's shutdown: Akka's coordinated shutdown then leaves the cluster.</summary>
    public void Leave()
    {
        lifecycle.Request(ServerStopReasons.Shutdown);
        lifecycle.Begin();
    }
}
