using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Bench;

/// <summary>
/// The baseline: a bare SignalR hub with no actors, no storage, no auth. It relays to a connection,
/// and sends to a group, exactly as fast as SignalR itself can.
/// </summary>
public static class BareHubServer
{
    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024);
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        app.MapPost("/admin/server/memory", ActorMessenger.Admin.AdminEndpoints.MemoryAfterFullCollection);
        app.MapHub<BareHub>("/hub");
        await app.RunAsync();
    }

    public sealed class BareHub : Hub
    {
        public override Task OnConnectedAsync() => Clients.Caller.SendAsync("connected", new { socketId = Context.ConnectionId });

        public async Task<bool> Relay(string connectionId, string payload)
        {
            await Clients.Client(connectionId).SendAsync("msg", payload);
            return true;
        }

        public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

        public async Task<bool> Broadcast(string group, string payload)
        {
            await Clients.Group(group).SendAsync("msg", payload);
            return true;
        }
    }
}
