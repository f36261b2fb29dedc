using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Bench;

/// <summary>
/// The baseline: a bare SignalR hub with no actors, no storage, no auth. It relays to a connection,
/// and sends to a group, exactly as fast as SignalR itself can. What it sends is what the messenger
/// sends for a new message (the same record type, serializer settings and so size), so both sides
/// write and parse the same bytes and the ratio measures the messenger's own work. With a journal
/// file it also relays durably (B1d): each message is first committed by a <see cref="GroupCommitJournal"/>.
/// </summary>
public static class BareHubServer
{
    public static async Task RunAsync(int port, string? journalPath)
    {
        await using var journal = journalPath is null ? null : new GroupCommitJournal(journalPath);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(new Durable(journal));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 64 * 1024;

                // As the messenger lets a device pipeline its sends: the durable relay's callers then
                // have messages waiting for each commit, as the messenger's do.
                o.MaximumParallelInvocationsPerClient = 16;
            })
            .AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions));
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        app.MapPost("/admin/server/memory", ActorMessenger.Admin.AdminEndpoints.MemoryAfterFullCollection);
        app.MapGet("/admin/server/allocations", ActorMessenger.Admin.AdminEndpoints.Allocations);
        app.MapHub<BareHub>("/hub");
        await app.RunAsync();
    }

    /// <summary>The durable relay's journal, if the bare hub was started with one.</summary>
    public sealed record Durable(GroupCommitJournal? Journal);

    public sealed class BareHub(Durable durable) : Hub
    {
        private static readonly JsonSerializerOptions Json = WireJsonOptions();

        public override Task OnConnectedAsync() => Clients.Caller.SendAsync("connected", new { socketId = Context.ConnectionId });

        public async Task<bool> Relay(string connectionId, string payload)
        {
            await Clients.Client(connectionId).SendAsync(UpdateTypes.NewMessage, AsNewMessage(payload));
            return true;
        }

        /// <summary>B1d: stored (group commit, fsync) before it is relayed and acknowledged.</summary>
        public async Task<bool> RelayDurable(string connectionId, string payload)
        {
            var journal = durable.Journal ?? throw new HubException("started without a journal");
            var update = AsNewMessage(payload);
            await journal.Append("chat-" + connectionId, JsonSerializer.SerializeToUtf8Bytes(update.Message, Json));
            await Clients.Client(connectionId).SendAsync(UpdateTypes.NewMessage, update);
            return true;
        }

        public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

        public async Task<bool> Broadcast(string group, string payload)
        {
            await Clients.Group(group).SendAsync(UpdateTypes.NewMessage, AsNewMessage(payload));
            return true;
        }

        // Hubs are made per call: the counter belongs to the server.
        private static long _seq;

        /// <summary>A new message as the messenger sends it; only the text comes from the caller.</summary>
        private static ChatUpdate AsNewMessage(string text)
        {
            var seq = Interlocked.Increment(ref _seq);
            var message = new MessageView($"bare:{seq}", "bare", seq, 1, text, MessageTypes.Text, DateTimeOffset.UtcNow, ClientId: null);
            return new ChatUpdate("bare", seq, UpdateTypes.NewMessage, message);
        }

        private static JsonSerializerOptions WireJsonOptions()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            WireJson.Configure(options);
            return options;
        }
    }
}
