using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ActorMessenger.Tests.Abuse.Fuzz;

/// <summary>
/// Thousands of malformed REST requests (bodies, queries, headers, paths, multipart), hub invocations
/// (wrong types, counts, names, sizes) and raw SignalR frames, all made from one seed: no answer is a
/// 5xx, no hub call fails inside the server, nothing is logged as a fault, the log stays bounded, the
/// connections used keep working and a normal user logs in and sends afterwards. Nothing invalid is
/// stored: the events journaled and the rows of the read model while the inputs ran are exactly what the
/// inputs the server accepted (a 2xx, a hub call without error) can make.
/// <c>FUZZ_SEED</c> replays a run; <c>FUZZ_INPUTS</c> sizes it (at least 10,000 by default).
/// </summary>
public sealed class FuzzTests
{
    private const int DefaultSeed = 20261202;
    private const int RefusalLinesPerMinute = 5;
    private const int HubConnections = 3;
    private const int RestConcurrency = 6;
    private const int CallsInFlightPerConnection = 8;

    /// <summary>SignalR's frame limit on this server: a frame above it closes the connection, by design.</summary>
    private const int FrameLimit = 64 * 1024;

    private static readonly HashSet<string> StopsTheServer = new(StringComparer.Ordinal) { "POST /admin/server/restart", "POST /admin/server/shutdown" };

    /// <summary>Routes that end the caller's own sessions, hub connections included: only broken tokens are sent there.</summary>
    private static readonly HashSet<string> EndsTheSession = new(StringComparer.Ordinal) { "POST /api/logout", "POST /api/me/sessions/end-others" };
    private static readonly string[] OddMethods = ["PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO", "HEAD", "PUT", "DELETE", "POST", "GET"];
    private static readonly string[] OddHubMethods = ["nope", "Send_Message", "SEND_MESSAGE", "OnConnectedAsync", "Dispose", "send_message ", "sync\u0000", new string('x', 3000)];
    private static readonly string[] HeaderNames = ["Range", "If-None-Match", "If-Modified-Since", "Accept", "Accept-Language", "Accept-Encoding", "X-Forwarded-For", "Origin", "Cookie", "Content-Encoding", "Content-Language", "User-Agent", "X-Requested-With", "Expect"];

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    private static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_INPUTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var inputs) ? inputs : 10_000;

    [Fact]
    public async Task Ten_thousand_malformed_requests_hub_calls_and_frames_get_no_5xx_and_leave_the_server_and_its_connections_working()
    {
        var seed = Seed;
        var logs = new CapturedLogs();
        await using var server = new TempDirectoryServer(
            "--Logging:LogLevel:Default", "Information",
            "--Logging:LogLevel:Microsoft", "Warning",
            "--Logging:LogLevel:Akka", "Warning",
            "--Messenger:RefusalLogLinesPerMinute", RefusalLinesPerMinute.ToString(CultureInfo.InvariantCulture))
        {
            Customize = logs.AddTo,
        };
        await server.StartAsync();
        var user = await TestAccounts.Register(server.Address);
        var peer = await TestAccounts.Register(server.Address);
        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        var routes = RouteTable.Routes(server.Services).Where(r => !StopsTheServer.Contains(r.Key)).ToList();
        var hubMethods = RouteTable.Hubs(server.Services).Single(h => h.Path == "/hub").Methods;
        var devices = new List<MessengerClient>();
        var failures = new ConcurrentQueue<string>();
        for (var i = 0; i < HubConnections; i++)
        {
            var device = await TestAccounts.Device(server.Address, user);
            var n = i;
            device.Hub.Closed += error =>
            {
                failures.Enqueue($"hub connection {n} closed: {error?.GetType().Name}: {error?.Message}");
                return Task.CompletedTask;
            };
            devices.Add(device);
        }

        var chatId = (await devices[0].SendText(peer.Id, "hello")).GetProperty("chatId").GetString()!;
        var context = new FuzzContext(server.Address, user.Token, adminToken, chatId, routes, hubMethods, new ConcurrentQueue<string>());
        var before = await Poll.UntilValue(() => Task.FromResult(StoredFigures.Read(server.DataPath)), f => f.Messages >= 1);

        var restInputs = Inputs * 55 / 100;
        var frameInputs = Math.Max(50, Inputs / 20);
        var hubInputs = Inputs - restInputs - frameInputs;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Rest(context, seed, restInputs, failures),
            Task.WhenAll(devices.Select((device, n) => Hub(context, device, seed, n, hubInputs / HubConnections, failures))),
            Frames(context, seed, frameInputs, failures));
        var spent = clock.Elapsed;

        var replay = $"seed {seed} (FUZZ_SEED={seed} replays it), {Inputs} inputs in {spent.TotalSeconds:F0} s";
        var faults = logs.Lines.Where(IsFault).Take(5).Select(l => $"{l.Category}: {l.Message} {l.Exception}");
        Assert.True(failures.IsEmpty, $"{replay}: {failures.Count} failures\n{string.Join('\n', failures.Take(25))}\nfaults logged:\n{string.Join('\n', faults)}");
        await AssertStoredOnlyWhatWasAccepted(server.DataPath, before, context.Accepted, replay);

        // Every connection that took bad calls still works, and so does a new login with a send.
        foreach (var device in devices)
        {
            Assert.True((await device.SendText(peer.Id, "still here")).GetProperty("seq").GetInt64() > 1, replay);
        }

        await using (var fresh = await MessengerClient.ConnectAsync(server.Address, user.Username, user.Password))
        {
            await using var receiver = await TestAccounts.Device(server.Address, peer);
            var sent = await fresh.SendText(peer.Id, "after the fuzz");
            var received = await receiver.Next("new_message", m => m.GetProperty("message").GetProperty("text").GetString() == "after the fuzz");
            Assert.Equal(sent.GetProperty("seq").GetInt64(), received.GetProperty("message").GetProperty("seq").GetInt64());
        }

        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }

        // No fault logged; refusals bounded per kind, whatever the number of inputs.
        var lines = logs.Lines;
        Assert.True(!lines.Any(IsFault), $"{replay}: faults logged\n{string.Join('\n', lines.Where(IsFault).Take(10).Select(l => $"{l.Category}: {l.Message} {l.Exception}"))}");
        var minutes = (int)spent.TotalMinutes + 1;
        var refusals = lines.Where(l => l.Message.StartsWith("Refused", StringComparison.Ordinal)).GroupBy(l => string.Join(' ', l.Message.Split(' ', 4).Take(3)));
        Assert.All(refusals, kind => Assert.True(kind.Count() <= RefusalLinesPerMinute * minutes, $"{kind.Key}: {kind.Count()} lines"));
        Assert.True(lines.Sum(l => l.Message.Length) < 2_000_000, $"{replay}: {lines.Sum(l => l.Message.Length)} characters of log");
    }

    /// <summary>
    /// A line at Error, or with a trace. Except SignalR's own line for a frame it cannot parse: it closes
    /// that connection and logs at Error from inside its dispatch loop, where nothing of ours can catch it
    /// (one line per connection, so bounded by the connection limits; see docs/operations.md).
    /// </summary>
    private static bool IsFault(CapturedLogs.Line line) =>
        (line.Level >= LogLevel.Error || (line.Exception is not null && line.Level >= LogLevel.Warning))
        && !(line.Category == "Microsoft.AspNetCore.SignalR.HubConnectionHandler" && line.Exception is InvalidDataException or JsonException);

    /// <summary>HashCode.Combine is salted per process, so a replayable stream mixes the numbers itself.</summary>
    private static Random RandomFor(int seed, int stream, int index) => new(unchecked((((seed * 1_000_003) + stream) * 1_000_003) + index));

    private static async Task Rest(FuzzContext context, int seed, int count, ConcurrentQueue<string> failures)
    {
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler) { BaseAddress = context.Server, Timeout = TimeSpan.FromSeconds(60) };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = RestConcurrency }, async (i, ct) =>
        {
            var (request, route) = RestRequest(context, RandomFor(seed, 1, i));
            var description = $"REST #{i}: {request.Method} {Shorten(request.RequestUri!.ToString())}";
            try
            {
                using var response = await SendOrAskFirst(http, request, () => RestRequest(context, RandomFor(seed, 1, i)).Request, ct);
                if ((int)response.StatusCode < 300 && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
                {
                    context.Accepted.Enqueue($"{request.Method} {route.Path}");
                }

                if ((int)response.StatusCode >= 500)
                {
                    failures.Enqueue($"{description} answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync(ct))}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Enqueue($"{description}: no answer ({Causes(ex)})");
            }
        });
    }

    /// <summary>
    /// Kestrel answers a request it cannot parse (a NUL in the path, a header it cannot decode, a request line
    /// over its limit) with a bare 400 and closes the connection at once; a client still writing its body then
    /// sees a broken pipe before it can read that 400. Such a request is sent again, the same, asking
    /// <c>Expect: 100-continue</c> so the body waits for the server's go-ahead, and that answer is the one judged:
    /// a server that really dropped the request gives no answer the second time either.
    /// </summary>
    private static async Task<HttpResponseMessage> SendOrAskFirst(HttpClient http, HttpRequestMessage request, Func<HttpRequestMessage> again, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                return await http.SendAsync(request, ct);
            }
            catch (HttpRequestException ex) when (request.Content is not null && ex.InnerException is IOException)
            {
            }
        }

        using var second = again();
        second.Headers.ExpectContinue = true;
        return await http.SendAsync(second, ct);
    }

    private static string Causes(Exception error)
    {
        var causes = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            causes.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" <- ", causes);
    }

    private static (HttpRequestMessage Request, RouteTable.Route Route) RestRequest(FuzzContext context, Random random)
    {
        var route = context.Routes[random.Next(context.Routes.Count)];
        var method = random.Next(10) == 0 || route.Method == "*" ? OddMethods[random.Next(OddMethods.Length)] : route.Method;
        var path = route.Fill(p => random.Next(4) == 0 ? (p.Name == "chatId" ? context.ChatId : "1") : MalformedInputs.PathValue(random));
        path = random.Next(8) switch
        {
            0 => path + "/",
            1 when path.StartsWith('/') => "/" + path[1..].Replace("/", "//", StringComparison.Ordinal),
            2 => path + "/..%2F..%2Fsigning.key",
            3 => path + ";" + MalformedInputs.PathValue(random),
            _ => path,
        };
        if (random.Next(2) == 0)
        {
            var pairs = Enumerable.Range(0, random.Next(1, random.Next(20) == 0 ? 400 : 5))
                .Select(_ => (random.Next(5) == 0 ? MalformedInputs.PathValue(random) : MalformedInputs.QueryNames[random.Next(MalformedInputs.QueryNames.Length)]) + "=" + MalformedInputs.PathValue(random));
            path += "?" + string.Join('&', pairs);
        }

        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        var caller = random.Next(20);
        var token = caller switch
        {
            < 12 when !EndsTheSession.Contains(route.Key) => context.UserToken,
            < 15 when method is "GET" or "HEAD" && !EndsTheSession.Contains(route.Key) => context.AdminToken,
            < 17 => null,
            17 => context.UserToken[..random.Next(context.UserToken.Length)],
            18 => context.UserToken + "x",
            _ => MalformedInputs.RandomAscii(random, random.Next(0, 300)),
        };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", random.Next(10) == 0 ? token : "Bearer " + token);
        }

        foreach (var _ in Enumerable.Range(0, random.Next(4) == 0 ? random.Next(1, 4) : 0))
        {
            request.Headers.TryAddWithoutValidation(HeaderNames[random.Next(HeaderNames.Length)], HeaderValue(random));
        }

        if (method is not ("GET" or "HEAD") || random.Next(20) == 0)
        {
            if (random.Next(5) == 0 || route.Path.StartsWith("/api/files", StringComparison.Ordinal))
            {
                var (body, type) = MalformedInputs.Multipart(random);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
            else if (random.Next(10) != 0)
            {
                request.Content = new ByteArrayContent(MalformedInputs.Body(random));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", Printable(MalformedInputs.ContentType(random)));
            }
        }

        return (request, route);
    }

    private static string HeaderValue(Random random) => random.Next(4) switch
    {
        0 => "bytes=" + MalformedInputs.PathValue(random) + "-" + MalformedInputs.PathValue(random),
        1 => "gzip",
        _ => Printable(MalformedInputs.Text(random)),
    };

    /// <summary>What an HTTP client can put in a header at all: no control characters, no line breaks, and not megabytes.</summary>
    private static string Printable(string text)
    {
        var kept = new string(text.Where(c => c >= 0x20 && c != 0x7f).Take(20_000).ToArray()).Trim();
        return kept.Length == 0 ? "x" : kept;
    }

    private static async Task Hub(FuzzContext context, MessengerClient device, int seed, int connection, int count, ConcurrentQueue<string> failures)
    {
        using var inFlight = new SemaphoreSlim(CallsInFlightPerConnection);
        var calls = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            await inFlight.WaitAsync();
            var (method, arguments) = HubCall(context, RandomFor(seed, 2 + connection, i));
            var description = $"hub #{connection}.{i}: {Shorten(method)}({Shorten(string.Join(", ", arguments))})";
            calls.Add(Call(device.Hub, method, arguments, description, context.Accepted, failures).ContinueWith(_ => inFlight.Release(), TaskScheduler.Default));
        }

        await Task.WhenAll(calls);
    }

    private static async Task Call(HubConnection hub, string method, object?[] arguments, string description, ConcurrentQueue<string> accepted, ConcurrentQueue<string> failures)
    {
        try
        {
            await hub.InvokeCoreAsync<JsonElement?>(method, arguments);
            accepted.Enqueue(method);
        }
        catch (HubException ex) when (!ex.Message.Contains(ActorMessenger.Actors.Protocol.ErrorCodes.Internal, StringComparison.Ordinal))
        {
            // Refused with a code, or by SignalR's binding: the client's fault, and said so.
        }
        catch (Exception ex)
        {
            failures.Enqueue($"{description}: {ex.GetType().Name}: {Shorten(ex.Message)}");
        }
    }

    private static (string Method, object?[] Arguments) HubCall(FuzzContext context, Random random)
    {
        var known = context.HubMethods[random.Next(context.HubMethods.Count)];
        var method = random.Next(12) == 0 ? OddHubMethods[random.Next(OddHubMethods.Length)] : known.Name;
        var count = random.Next(4) == 0 ? random.Next(0, 4) : known.ArgumentCount;
        var arguments = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var json = random.Next(3) == 0
                ? MalformedInputs.JsonObject(random).Replace("\"chatId\":", $"\"chatId\":\"{context.ChatId}\",\"x\":", StringComparison.Ordinal)
                : MalformedInputs.Json(random);
            var share = (FrameLimit - 1024) / count;
            arguments[i] = AsElement(json, share, out var element) ? element : json[..Math.Min(json.Length, share / 8)];
        }

        return (method, arguments);
    }

    /// <summary>
    /// The value as a JSON element, unless the client cannot write it (nested too deep, or
    /// escapes of lone surrogates: raw frames carry those) or it is over its share of the frame: a frame above the
    /// limit closes the connection by design, and oversized frames go through <see cref="Frames"/>; then it is sent cut, as text.
    /// </summary>
    private static bool AsElement(string json, int share, out JsonElement element)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            element = document.RootElement.Clone();
            return JsonSerializer.SerializeToUtf8Bytes(element).Length <= share;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            element = default;
            return false;
        }
    }

    /// <summary>Raw frames on a hand-made WebSocket: broken JSON, wrong message types, oversized frames; a closed socket is replaced.</summary>
    private static async Task Frames(FuzzContext context, int seed, int count, ConcurrentQueue<string> failures)
    {
        ClientWebSocket? socket = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var random = RandomFor(seed, 100, i);
                if (socket is not { State: WebSocketState.Open })
                {
                    socket?.Dispose();
                    socket = await OpenHubSocket(context);
                }

                var frame = Frame(random, context);
                try
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // The server closed it after an earlier frame: that is allowed, a new one is opened.
                }
            }

            // The last socket (or a new one) still answers a ping, unless the server closed it.
            socket?.Dispose();
            socket = await OpenHubSocket(context);
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":6}\u001e"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            failures.Enqueue($"raw frames: a new hub socket could not be opened: {ex.Message}");
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private static async Task<ClientWebSocket> OpenHubSocket(FuzzContext context)
    {
        var socket = new ClientWebSocket();
        var address = new UriBuilder(context.Server) { Scheme = "ws", Path = "/hub", Query = "access_token=" + context.UserToken }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var buffer = new byte[4096];
        var answer = await socket.ReceiveAsync(buffer, CancellationToken.None);
        if (answer.MessageType == WebSocketMessageType.Close || !Encoding.UTF8.GetString(buffer, 0, answer.Count).StartsWith("{}\u001e", StringComparison.Ordinal))
        {
            throw new IOException("the hub refused the handshake: " + Encoding.UTF8.GetString(buffer, 0, answer.Count));
        }

        return socket;
    }

    private static byte[] Frame(Random random, FuzzContext context)
    {
        var text = random.Next(10) switch
        {
            0 => MalformedInputs.Json(random) + "\u001e",
            1 => $"{{\"type\":{MalformedInputs.PathValue(random)},\"target\":\"send_message\",\"arguments\":[{{}}]}}\u001e",
            2 => $"{{\"type\":1,\"invocationId\":{MalformedInputs.Json(random, 1)},\"target\":\"sync\",\"arguments\":[{{}}]}}\u001e",
            3 => $"{{\"type\":1,\"target\":{MalformedInputs.Json(random, 1)},\"arguments\":{MalformedInputs.Json(random, 2)}}}\u001e",
            4 => $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"send_message\",\"arguments\":[{{\"chatId\":\"{context.ChatId}\",\"message\":{MalformedInputs.JsonObject(random)}}}],\"streamIds\":{MalformedInputs.Json(random, 1)}}}\u001e",
            5 => "{\"type\":5,\"invocationId\":\"" + MalformedInputs.RandomAscii(random, 10) + "\"}\u001e",
            6 => "{\"type\":1,\"target\":\"typing\",\"arguments\":[{\"chatId\":\"" + new string('a', FrameLimit + random.Next(1, 5000)) + "\"}]}\u001e",
            7 => "{\"protocol\":\"messagepack\",\"version\":1}\u001e",
            8 => "{\"type\":1,\"target\":\"sync\",\"arguments\":[{}]}",
            _ => MalformedInputs.RandomAscii(random, random.Next(1, 500)) + "\u001e",
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(6) == 0)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
        }

        return bytes;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + $"… ({text.Length} chars)";

    /// <summary>
    /// What the journal and the read model gained while the inputs ran, against what the accepted inputs
    /// can make: registrations are users, sends and forwards are messages (in the journal and, once the
    /// history writer has caught up, in the read model), only a create or a first send makes a chat, and
    /// an event of any other kind needs an accepted call that changes something. Connections alone may
    /// journal presence and sessions.
    /// </summary>
    private static async Task AssertStoredOnlyWhatWasAccepted(string dataDir, StoredFigures before, IReadOnlyCollection<string> acceptedInputs, string replay)
    {
        var accepted = acceptedInputs.GroupBy(a => a, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int Accepted(params string[] kinds) => kinds.Sum(k => accepted.GetValueOrDefault(k));
        var events = StoredFigures.EventsSince(dataDir, before.LastOrdering);
        int Events(string manifest) => events.GetValueOrDefault(manifest);
        var changing = accepted.Where(a => a.Key is not ("typing" or "sync" or "user_online")).Sum(a => a.Value);
        var explain = $"{replay}\naccepted: {string.Join(", ", accepted.Select(a => $"{a.Key} ×{a.Value}"))}\njournaled: {string.Join(", ", events.Select(e => $"{e.Key} ×{e.Value}"))}";

        Assert.True(Events("directory.user-registered.v1") == Accepted("POST /api/register"), explain);
        Assert.True(Events("chat.message-posted.v1") == Accepted("send_message", "forward_message"), explain);
        Assert.True(Events("chat.created.v1") <= Accepted("create_group", "create_channel", "send_message", "forward_message"), explain);
        Assert.True(Events("user.block-changed.v1") <= Accepted("POST /api/users/{userId}/block", "DELETE /api/users/{userId}/block"), explain);
        Assert.True(Events("directory.profile-changed.v1") <= Accepted("PUT /api/me"), explain);
        string[] byConnectionsAlone = ["user.session-opened.v1", "user.went-offline.v1", "directory.last-seen.v1", "user.snapshot.v2", "directory.snapshot.v1", "chat.snapshot.v1"];
        var others = events.Where(e => !byConnectionsAlone.Contains(e.Key)).Sum(e => e.Value);
        Assert.True(changing > 0 || others == 0, explain);

        // The read model holds the accepted messages, no more (its writer works in batches: wait for it).
        // Creating a chat and changing its members or details add a system message; a deleted message may leave.
        var posted = before.Messages + Events("chat.message-posted.v1");
        var most = posted + Events("chat.created.v1") + Events("chat.membership-changed.v1") + Events("chat.info-changed.v1");
        var least = posted - Accepted("delete_message");
        var messages = await Poll.UntilValue(() => Task.FromResult(StoredFigures.Read(dataDir).Messages), m => m >= least);
        Assert.True(messages <= most, $"{messages} messages in the read model, {least}…{most} expected\n{explain}");
    }

    private sealed record FuzzContext(Uri Server, string UserToken, string AdminToken, string ChatId, IReadOnlyList<RouteTable.Route> Routes, IReadOnlyList<RouteTable.HubMethod> HubMethods, ConcurrentQueue<string> Accepted);
}
