using System.Collections.Concurrent;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Tests.Cluster;

/// <summary>
/// One user sending texts to another, one after another, each with its own client id, as a client does:
/// when the node it is connected to dies, answers an error or leaves a send unanswered for a few seconds, it
/// connects to another live node with the token it has and sends the same client id again until it is
/// acknowledged (a retry of a stored message returns that message). A send that went to a chat on a node
/// that has just died is lost on its way until the others have removed that node, and the server would
/// answer it only when its ask gives up: a client asking again sooner is answered as soon as the chat is
/// back on a live node.
/// </summary>
public sealed class SendLoad(string username, string password, int recipientId, Func<IReadOnlyList<GatewayProcess>> liveNodes, int firstNode)
{
    /// <summary>How long a send or a connection attempt may go unanswered before the client tries again.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(4);

    private readonly ConcurrentQueue<(DateTime Begun, DateTime At)> _acknowledged = new();
    private (int UserId, string Token)? _session;
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
                    var begun = DateTime.UtcNow;
                    var ack = await _client.SendText(recipientId, $"{username} message {i}", clientId).WaitAsync(AnswerWithin, CancellationToken.None);
                    Acknowledged[clientId] = ack.GetProperty("seq").GetInt64();
                    _acknowledged.Enqueue((begun, DateTime.UtcNow));
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

    /// <summary>
    /// How long after <paramref name="moment"/> (a kill) this sender had a send acknowledged that it began after
    /// that moment (an answer already on its way when the node died does not count); null if none yet.
    /// </summary>
    public TimeSpan? NextAcknowledgedAfter(DateTime moment) =>
        _acknowledged.Where(a => a.Begun > moment).Select(a => (TimeSpan?)(a.At - moment)).FirstOrDefault();

    private async Task<MessengerClient> Connect()
    {
        var live = liveNodes();
        var node = live[_node % live.Count];
        _session ??= await MessengerClient.LoginAsync(node.Address, username, password).WaitAsync(TimeSpan.FromSeconds(15));
        var (userId, token) = _session.Value;
        return await MessengerClient.ConnectAsync(node.Address, userId, token).WaitAsync(AnswerWithin);
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
