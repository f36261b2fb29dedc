using ActorMessenger.Persistence.Sqlite;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Postgres;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Bench;

/// <summary>Ways the bench becomes users: registering, logging in, or minting a token with the server's own key.</summary>
public static class Clients
{
    /// <summary>The text of a <c>new_message</c> event, from the messenger or the bare hub alike.</summary>
    public static string TextOfNewMessage(JsonElement update) => update.GetProperty("message").GetProperty("text").GetString()!;

    public const string Password = "bench-password-1";

    public static HttpClient Http(Uri server, string? token = null)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return http;
    }

    /// <summary>Registers users through the API (each costs a PBKDF2 hash on the server), a few at a time.</summary>
    public static async Task<List<(int Id, string Token, string Username)>> Register(Uri server, int count, string prefix)
    {
        var users = new ConcurrentBag<(int, string, string)>();
        using var http = Http(server);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var username = $"{prefix}{i}";
            var response = await http.PostAsJsonAsync("/api/register", new { username, password = Password, fullName = username }, ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            users.Add((body.GetProperty("user").GetProperty("id").GetInt32(), body.GetProperty("token").GetString()!, username));
        });
        return [.. users.OrderBy(u => u.Item1)];
    }

    public static async Task<(int Id, string Token)> Login(HttpClient http, string username)
    {
        var response = await http.PostAsJsonAsync("/api/login", new { username, password = Password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("user").GetProperty("id").GetInt32(), body.GetProperty("token").GetString()!);
    }

    /// <summary>
    /// Tokens for sessions of many users without registering each (5,000 PBKDF2 hashes would take
    /// minutes): signed with the server's own key from its data directory, as a login would be,
    /// for sessions started beforehand (<see cref="BenchSessions"/>) for exactly these user ids.
    /// </summary>
    public static async Task<Func<int, string>> Minter(string dataDir, IEnumerable<int> userIds)
    {
        var sessions = await BenchSessions.Start(dataDir, userIds);
        var tokens = new TokenService(new SigningKey(new FileSecretStore(new DataDirectory(dataDir))), Options.Create(new MessengerOptions()), TimeProvider.System);
        return id => tokens.Issue(new UserAccount(id, $"bench{id}", $"bench{id}", Roles.User, string.Empty, DateTimeOffset.UtcNow, null), sessions[id]);
    }

    /// <summary>An admin's token, signed the same way, for the diagnostics endpoint.</summary>
    public static async Task<string> AdminToken(string dataDir, string? db = null)
    {
        const int benchAdmin = 999_999_999;
        var sessions = await BenchSessions.Start(dataDir, [benchAdmin], db);
        using var database = db is null ? null : new PostgresDatabase(db);
        ISecretStore secrets = database is null ? new FileSecretStore(new DataDirectory(dataDir)) : new PostgresSecretStore(database);
        var tokens = new TokenService(new SigningKey(secrets), Options.Create(new MessengerOptions()), TimeProvider.System);
        return tokens.Issue(new UserAccount(benchAdmin, "bench-admin", "bench-admin", Roles.Admin, string.Empty, DateTimeOffset.UtcNow, null), sessions[benchAdmin]);
    }

    public static HubConnection Messenger(Uri server, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

    public static HubConnection Bare(Uri server) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub"), o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

    /// <summary>Starts a connection and waits for its <c>connected</c> event; returns the connection id.</summary>
    public static async Task<string> StartAsync(HubConnection connection)
    {
        var connected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = connection.On<JsonElement>("connected", e => connected.TrySetResult(e.GetProperty("socketId").GetString()!));
        await connection.StartAsync();
        return await connected.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public static async Task<List<T>> Many<T>(int count, int parallelism, Func<int, Task<T>> make)
    {
        var results = new T[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) => results[i] = await make(i));
        return [.. results];
    }

    public static Task DisposeAll(IEnumerable<HubConnection> connections) =>
        Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());
}
