using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// One logged-in device: an HttpClient with the user's token and a connection through the official
/// .NET SignalR client. Events are kept so tests can wait for them.
/// </summary>
public sealed class MessengerClient : IAsyncDisposable
{
    private static readonly string[] EventNames =
    [
        "connected", "new_message", "message_sent", "user_status", "online_users", "messages_read", "message_edited",
        "message_deleted", "reactions_changed", "message_pinned", "message_unpinned", "typing", "chat_removed", "chat_cleared", "update_available", "update_cancelled", "session_ended", "member_count",
    ];
    private readonly ConcurrentDictionary<string, EventLog> _events = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MessengerClient(Uri server, int userId, string token, HubConnection hub)
    {
        UserId = userId;
        Token = token;
        Hub = hub;
        Http = Authorized(server, token);
    }

    public int UserId { get; }

    public string Token { get; }

    public HubConnection Hub { get; }

    public HttpClient Http { get; }

    /// <summary>Completes when the server closes the connection (this client never reconnects by itself).</summary>
    public Task Closed => _closed.Task.WaitAsync(TimeSpan.FromSeconds(15));

    public static HttpClient Anonymous(Uri server) => new() { BaseAddress = server };

    public static HttpClient Authorized(Uri server, string token)
    {
        var http = Anonymous(server);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static async Task<(int UserId, string Token)> LoginAsync(Uri server, string username, string password, string? userAgent = null)
    {
        using var http = Anonymous(server);
        if (userAgent is not null)
        {
            http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        var response = await http.PostAsJsonAsync("/api/login", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("user").GetProperty("id").GetInt32(), body.GetProperty("token").GetString()!);
    }

    public static async Task<MessengerClient> ConnectAsync(Uri server, string username, string password)
    {
        var (userId, token) = await LoginAsync(server, username, password);
        return await ConnectAsync(server, userId, token);
    }

    public static async Task<MessengerClient> ConnectAsync(Uri server, int userId, string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new MessengerClient(server, userId, token, hub);
        foreach (var name in EventNames)
        {
            hub.On<JsonElement>(name, payload => client.Log(name).Add(payload));
        }

        hub.Closed += _ =>
        {
            client._closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        await client.Next("connected");
        return client;
    }

    public EventLog Log(string eventName) => _events.GetOrAdd(eventName, _ => new EventLog());

    /// <summary>Waits for the next not-yet-taken event of that name.</summary>
    public Task<JsonElement> Next(string eventName, Func<JsonElement, bool>? match = null) =>
        Log(eventName).Next(match ?? (_ => true));

    public Task<JsonElement> Send(object payload) => Hub.InvokeAsync<JsonElement>("send_message", payload);

    public Task<JsonElement> SendText(int recipientId, string text, string? clientId = null) =>
        Send(new { recipientId, message = new { text, type = "text", clientId } });

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>Events of one name in arrival order (<see cref="All"/>); each waiter takes the first unclaimed match.</summary>
    public sealed class EventLog
    {
        private readonly List<JsonElement> _arrived = [];
        private readonly List<JsonElement> _seen = [];
        private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiting = [];
        private readonly Lock _gate = new();

        public IReadOnlyList<JsonElement> All
        {
            get
            {
                lock (_gate)
                {
                    return [.. _seen];
                }
            }
        }

        public void Add(JsonElement received)
        {
            var payload = received.Clone();
            lock (_gate)
            {
                _seen.Add(payload);
                var waiter = _waiting.FindIndex(w => Matches(w.Match, payload));
                if (waiter >= 0)
                {
                    var done = _waiting[waiter].Done;
                    _waiting.RemoveAt(waiter);
                    done.TrySetResult(payload);
                    return;
                }

                _arrived.Add(payload);
            }
        }

        /// <summary>A predicate that trips over another shape of payload simply does not match it.</summary>
        private static bool Matches(Func<JsonElement, bool> match, JsonElement payload)
        {
            try
            {
                return match(payload);
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
            {
                return false;
            }
        }

        public Task<JsonElement> Next(Func<JsonElement, bool> match)
        {
            lock (_gate)
            {
                var index = _arrived.FindIndex(e => Matches(match, e));
                if (index >= 0)
                {
                    var found = _arrived[index];
                    _arrived.RemoveAt(index);
                    return Task.FromResult(found);
                }

                var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add((match, done));
                return done.Task.WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
    }
}
