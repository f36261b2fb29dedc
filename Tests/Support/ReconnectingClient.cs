using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// A device as a real client keeps it: the official .NET SignalR client with automatic reconnect that
/// retries for as long as the test runs. It records <c>server_stopping</c> and whether the connection
/// went into reconnecting (a close it may reconnect from) or was closed for good.
/// </summary>
public sealed class ReconnectingClient : IAsyncDisposable
{
    private readonly TaskCompletionSource<JsonElement> _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reconnecting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReconnectingClient(HubConnection hub, int userId, string token)
    {
        Hub = hub;
        UserId = userId;
        Token = token;
    }

    public HubConnection Hub { get; }

    public int UserId { get; }

    public string Token { get; }

    public ConcurrentQueue<JsonElement> Stopping { get; } = new();

    public Task<JsonElement> ServerStopping => _stopping.Task;

    public Task Reconnecting => _reconnecting.Task;

    public Task Reconnected => _reconnected.Task;

    /// <summary>Completes if the client gave up: the server closed it in a way it does not reconnect from.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public static async Task<ReconnectingClient> ConnectAsync(Uri server, string username, string password)
    {
        var (userId, token) = await MessengerClient.LoginAsync(server, username, password);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .WithAutomaticReconnect(new Forever())
            .Build();
        var client = new ReconnectingClient(hub, userId, token);
        hub.On<JsonElement>("server_stopping", payload =>
        {
            client.Stopping.Enqueue(payload.Clone());
            client._stopping.TrySetResult(payload.Clone());
        });
        hub.Reconnecting += _ =>
        {
            client._reconnecting.TrySetResult();
            return Task.CompletedTask;
        };
        hub.Reconnected += _ =>
        {
            client._reconnected.TrySetResult();
            return Task.CompletedTask;
        };
        hub.Closed += error =>
        {
            client._closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        return client;
    }

    public Task<JsonElement> SendText(int recipientId, string text, string clientId) =>
        Hub.InvokeAsync<JsonElement>("send_message", new { recipientId, message = new { text, type = "text", clientId } });

    /// <summary>Sends <paramref name="count"/> texts one after another (client ids prefix0, prefix1, …): their client ids and seqs, and the chat.</summary>
    public async Task<(List<(string ClientId, long Seq)> Acknowledged, string ChatId)> SendMany(int recipientId, int count, string prefix)
    {
        var acknowledged = new List<(string ClientId, long Seq)>();
        var chatId = string.Empty;
        for (var i = 0; i < count; i++)
        {
            var ack = await SendText(recipientId, $"{prefix} message {i}", $"{prefix}{i}");
            acknowledged.Add(($"{prefix}{i}", ack.GetProperty("seq").GetInt64()));
            chatId = ack.GetProperty("chatId").GetString()!;
        }

        return (acknowledged, chatId);
    }

    /// <summary>Every message of a chat, oldest first, read page by page over REST.</summary>
    public static async Task<List<JsonElement>> History(Uri server, string token, string chatId)
    {
        using var http = MessengerClient.Authorized(server, token);
        var pages = new List<List<JsonElement>>();
        long? before = null;
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=200" + (before is { } b ? $"&before={b}" : string.Empty));
            var messages = page.GetProperty("messages").EnumerateArray().Select(m => m.Clone()).ToList();
            pages.Insert(0, messages);
            if (!page.GetProperty("hasMore").GetBoolean() || messages.Count == 0)
            {
                return [.. pages.SelectMany(p => p)];
            }

            before = messages[0].GetProperty("seq").GetInt64();
        }
    }

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();

    /// <summary>Retries every half second, for as long as the test runs (the test's own deadlines bound it).</summary>
    private sealed class Forever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(500);
    }
}
