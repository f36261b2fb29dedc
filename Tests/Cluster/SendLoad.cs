using System.Collections.Concurrent;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Tests.Cluster;

/// <summary>
/// One user sending texts to another, one after another, each with its own client id, as a client does:
/// when the node it is connected to dies or answers an error, it connects to another live node and sends
/// the same client id again until it is acknowledged (a retry of a stored message returns that message).
/// </summary>
public sealed class SendLoad(string username, string password, int recipientId, Func<IReadOnlyList<GatewayProcess>> liveNodes, int firstNode)
{
    private readonly ConcurrentQueue<DateTime> _acknowledgedAt = new();
    private MessengerClient? _client;
    private int _node = firstNode;

    /// <summary>Acknowledged sends: client id → seq.</summary>
    public ConcurrentDictionary<string, long> Acknowledged { get; } = new();

    public string? ChatId { get; private set; }

    public int Reconnects { get; private set; }

    /// <summary>Sends until <paramref name="stop"/>; the send in flight then is still retried until acknowledged.</summary>
    public async Task Run(TimeSpan giveUpAfter, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var clientId = $"{username}-{i}";
            var deadline = DateTime.UtcNow + giveUpAfter;
            while (true)
            {
                try
                {
                    _client ??= await Connect();
                    var ack = await _client.SendText(recipientId, $"{username} message {i}", clientId).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
                    Acknowledged[clientId] = ack.GetProperty("seq").GetInt64();
                    _acknowledgedAt.Enqueue(DateTime.UtcNow);
                    ChatId = ack.GetProperty("chatId").GetString();
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || DateTime.UtcNow < deadline)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"{username} got no acknowledgement for {clientId} in {giveUpAfter}: {ex.Message}", ex);
                    }

                    await Drop();
                    _node++;
                    Reconnects++;
                    await Task.Delay(250, CancellationToken.None);
                }
            }
        }

        await Drop();
    }

    /// <summary>How long after <paramref name="moment"/> (a kill) this sender had its next send acknowledged; null if none yet.</summary>
    public TimeSpan? NextAcknowledgedAfter(DateTime moment) =>
        _acknowledgedAt.Where(t => t > moment).Select(t => (TimeSpan?)(t - moment)).FirstOrDefault();

    private async Task<MessengerClient> Connect()
    {
        var live = liveNodes();
        var node = live[_node % live.Count];
        return await MessengerClient.ConnectAsync(node.Address, username, password).WaitAsync(TimeSpan.FromSeconds(15));
    }

    private async Task Drop()
    {
        if (_client is { } client)
        {
            _client = null;
            try
            {
                await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or System.Net.WebSockets.WebSocketException)
            {
                // Its node is gone.
            }
        }
    }

    /// <summary>The chat's history on <paramref name="node"/>: seq → text.</summary>
    public static async Task<List<(long Seq, string Text)>> History(GatewayProcess node, string token, string chatId) =>
        [.. (await ReconnectingClient.History(node.Address, token, chatId)).Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("text").GetString()!))];

    /// <summary>Every update of <paramref name="chatId"/> after <paramref name="cursor"/>, page by page through <c>sync</c>.</summary>
    public static async Task<List<JsonElement>> Sync(MessengerClient client, string chatId, long cursor)
    {
        var updates = new List<JsonElement>();
        while (true)
        {
            var answer = await client.Hub.InvokeAsync<JsonElement>("sync", new { chats = new[] { new { chatId, updateSeq = cursor } } });
            var chat = answer.GetProperty("chats").EnumerateArray().SingleOrDefault(c => c.GetProperty("chatId").GetString() == chatId);
            if (chat.ValueKind == JsonValueKind.Undefined)
            {
                return updates;
            }

            var page = chat.GetProperty("updates").EnumerateArray().Select(u => u.Clone()).ToList();
            updates.AddRange(page);
            if (!chat.GetProperty("hasMore").GetBoolean() || page.Count == 0)
            {
                return updates;
            }

            // The next page starts after the last update applied (lastUpdateSeq is the chat's newest).
            cursor = page[^1].GetProperty("updateSeq").GetInt64();
        }
    }
}
