using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.EndToEnd;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static ActorMessenger.Tests.Support.RouteTable;

namespace ActorMessenger.Tests.Abuse;

/// <summary>
/// Every REST route is read from the running server's endpoint table and every hub method found by
/// reflection on the hubs that table maps, so a new endpoint is in the matrix without anyone listing
/// it: anonymous callers reach only the allow-listed routes, users reach no admin route or hub, a user
/// outside a chat reads and changes nothing of it, and no call answers 5xx.
/// </summary>
public sealed class AuthorizationMatrixTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    /// <summary>What answers without a token, and why. Keys are "METHOD /path" as the endpoint table has them.</summary>
    private static readonly Dictionary<string, string> AnonymousRoutes = new(StringComparer.Ordinal)
    {
        ["POST /api/register"] = "opening an account comes before having a token",
        ["POST /api/login"] = "logging in is how a token is had",
        ["* /health"] = "service managers and load balancers probe it without an account",
        ["* /health/ready"] = "load balancers and keepalived ask it whether to send browsers to this node",
        ["GET /client-config.js"] = "the page reads the server address and upload limit before anyone logs in",
        ["GET /admin"] = "the admin panel's page itself; everything it shows comes from admin-only JSON",
        ["HEAD /admin"] = "the same page, headers only",
        ["* {*path:nonfile}"] = "the messenger's page for client-side routes, or a coded 404 under /api and /admin",
    };

    /// <summary>Admin routes an admin is not sent here, because answering them stops the server under the other tests.</summary>
    private static readonly HashSet<string> StopsTheServer = new(StringComparer.Ordinal) { "POST /admin/server/restart", "POST /admin/server/shutdown" };

    [Fact]
    public void The_allow_list_names_only_routes_that_exist_and_every_route_that_allows_anonymous_callers_is_on_it()
    {
        var routes = Routes().ToList();
        Assert.NotEmpty(routes);
        var keys = routes.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(AnonymousRoutes.Keys, key => Assert.True(keys.Contains(key), $"allow-listed but not mapped: {key}"));
        Assert.All(StopsTheServer, key => Assert.True(keys.Contains(key), $"listed but not mapped: {key}"));
        foreach (var route in routes.Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null))
        {
            Assert.True(AnonymousRoutes.ContainsKey(route.Key), $"{route.Key} allows anonymous callers but is not on the allow-list");
        }

        Assert.Contains(Hubs(), h => h.Path == "/hub");
        Assert.Contains(Hubs(), h => h.Path == "/hub/admin");
    }

    [Fact]
    public async Task Anonymous_callers_are_refused_by_every_route_not_on_the_allow_list_and_users_by_every_admin_route()
    {
        using var anonymous = MessengerClient.Anonymous(server.Address);
        using var user = new LoggedIn(server.Address, "user1", "123456");
        using var admin = new LoggedIn(server.Address, "admin", "admin123");
        var failures = new List<string>();
        var called = 0;
        foreach (var route in Routes().Where(r => !AnonymousRoutes.ContainsKey(r.Key)))
        {
            called++;
            Expect(failures, route, "anonymous", await Call(anonymous, route), status => status == 401);
            if (route.IsAdmin)
            {
                Expect(failures, route, "user", await user.Call(route), status => status == 403);
                if (!StopsTheServer.Contains(route.Key))
                {
                    Expect(failures, route, "admin", await admin.Call(route), status => status is not (401 or 403) && status < 500);
                }
            }
            else
            {
                Expect(failures, route, "user", await user.Call(route), status => status != 401 && status < 500);
            }
        }

        foreach (var route in Routes().Where(r => AnonymousRoutes.ContainsKey(r.Key) && !r.Key.StartsWith('*')))
        {
            Expect(failures, route, "anonymous (allowed)", await Call(anonymous, route), status => status is not (401 or 403) && status < 500);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(called > 30, $"only {called} routes found");
    }

    [Fact]
    public async Task Every_hub_refuses_anonymous_callers_by_negotiation_and_by_a_direct_websocket_and_the_admin_hub_refuses_users()
    {
        var user = await TestAccounts.Register(server.Address);
        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var anonymous = MessengerClient.Anonymous(server.Address);
        using var userHttp = MessengerClient.Authorized(server.Address, user.Token);
        foreach (var hub in Hubs())
        {
            var negotiate = new Uri($"{hub.Path}/negotiate?negotiateVersion=1", UriKind.Relative);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(negotiate, null)).StatusCode);
            await AssertRefused(hub.Path, token: null);
            if (hub.IsAdmin)
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await userHttp.PostAsync(negotiate, null)).StatusCode);
                await AssertRefused(hub.Path, user.Token);
            }

            // The one who may connect can, so a refusal above is about the caller and not a broken hub.
            await using var allowed = Connection(hub.Path, hub.IsAdmin ? adminToken : user.Token);
            await allowed.StartAsync();
            foreach (var method in hub.Methods)
            {
                var error = await Record.ExceptionAsync(() => allowed.InvokeCoreAsync<JsonElement?>(method.Name, method.Arguments(JsonSerializer.SerializeToElement(new { }))));
                Assert.False(error?.Message.Contains("internal_error", StringComparison.Ordinal) ?? false, $"{hub.Path} {method.Name}: {error?.Message}");
            }
        }
    }

    [Fact]
    public async Task A_user_outside_a_chat_reads_and_changes_nothing_of_it_by_any_route_or_hub_method()
    {
        // Two others talk; the outsider names their chat, their message and their file everywhere.
        var (a, b, outsider) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var aDevice = await TestAccounts.Device(server.Address, a);
        var chatId = (await aDevice.SendText(b.Id, "private words")).GetProperty("chatId").GetString()!;
        var fileId = await Uploads.TextFile(aDevice, chatId, "private.txt", "private file");
        await aDevice.Send(new { chatId, message = new { type = "file", fileId } });
        var before = await Snapshot(aDevice, chatId);

        using var http = MessengerClient.Authorized(server.Address, outsider.Token);
        var named = Routes().Where(r => !r.IsAdmin && r.Endpoint.RoutePattern.Parameters.Any(p => p.Name is "chatId" or "id")).ToList();
        Assert.NotEmpty(named);
        var failures = new List<string>();
        foreach (var route in named)
        {
            var answer = await Call(http, route, new Dictionary<string, string> { ["chatId"] = chatId, ["id"] = fileId });
            Expect(failures, route, "outsider", answer, status => status is 403 or 404);
            Assert.DoesNotContain("private", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Search takes the chat as a filter: it finds nothing there for an outsider.
        var search = await http.GetAsync(new Uri($"/api/search/messages?q=private&chatId={chatId}", UriKind.Relative));
        Assert.True((int)search.StatusCode < 500, search.StatusCode.ToString());
        Assert.DoesNotContain("private words", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var device = await TestAccounts.Device(server.Address, outsider);
        var payload = JsonSerializer.SerializeToElement(new
        {
            chatId,
            fromChatId = chatId,
            seq = 1,
            upToSeq = 2,
            userId = a.Id,
            userIds = new[] { outsider.Id },
            emoji = "👍",
            text = "mine now",
            title = "mine",
            role = "admin",
            invite = chatId,
            cursors = new Dictionary<string, long> { [chatId] = 0 },
            message = new { text = "intruder", fileId },
        });
        var messengerHub = Hubs().Single(h => h.Path == "/hub");
        foreach (var method in messengerHub.Methods)
        {
            try
            {
                var answer = await device.Hub.InvokeCoreAsync<JsonElement?>(method.Name, method.Arguments(payload));
                Assert.True(answer is null || !answer.Value.ToString().Contains("private", StringComparison.Ordinal), $"{method.Name} answered the outsider {answer}");
            }
            catch (HubException error)
            {
                Assert.DoesNotContain("internal_error", error.Message, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await Snapshot(aDevice, chatId));
        Assert.DoesNotContain(device.Log("new_message").All, m => m.ToString().Contains(chatId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_member_and_an_admin_of_someone_elses_group_do_none_of_the_owners_actions()
    {
        // The owner's group: an admin, two plain members and the owner's pinned message.
        var (owner, admin, member, other, newcomer) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var ownerDevice = await TestAccounts.Device(server.Address, owner);
        var chatId = (await ownerDevice.Hub.InvokeAsync<JsonElement>("create_group", new { title = "The owner's group", memberIds = new[] { admin.Id, member.Id, other.Id } })).GetProperty("chatId").GetString()!;
        await ownerDevice.Hub.InvokeAsync<JsonElement>("set_role", new { chatId, userId = admin.Id, role = "admin" });
        var seq = (await ownerDevice.Send(new { chatId, message = new { text = "the owner's words" } })).GetProperty("seq").GetInt64();
        var unpinned = (await ownerDevice.Send(new { chatId, message = new { text = "not pinned" } })).GetProperty("seq").GetInt64();
        await ownerDevice.Hub.InvokeAsync<JsonElement>("pin_message", new { chatId, seq });
        var invite = (await ownerDevice.Hub.InvokeAsync<JsonElement>("get_invite", new { chatId })).GetProperty("invite").GetString();
        var before = await Snapshot(ownerDevice, chatId);

        // A plain member: every manager's action, and the author's own on the owner's message.
        (string Method, object Payload)[] managers =
        [
            ("update_chat", new { chatId, title = "taken over" }),
            ("add_members", new { chatId, userIds = new[] { newcomer.Id } }),
            ("remove_member", new { chatId, userId = other.Id }),
            ("remove_member", new { chatId, userId = owner.Id }),
            ("set_role", new { chatId, userId = member.Id, role = "admin" }),
            ("set_role", new { chatId, userId = admin.Id, role = "member" }),
            ("get_invite", new { chatId }),
            ("get_invite", new { chatId, regenerate = true }),
            ("revoke_invite", new { chatId }),
            ("pin_message", new { chatId, seq = unpinned }),
            ("unpin_message", new { chatId, seq }),
            ("edit_message", new { chatId, seq, text = "edited by a member" }),
            ("delete_message", new { chatId, seq }),
        ];
        var failures = new List<string>();
        await using (var memberDevice = await TestAccounts.Device(server.Address, member))
        {
            foreach (var (method, payload) in managers)
            {
                await ExpectForbidden(failures, "member", memberDevice, method, payload);
            }
        }

        // An admin: what only the owner does, and the author's own on the owner's message.
        (string Method, object Payload)[] owners =
        [
            ("set_role", new { chatId, userId = member.Id, role = "admin" }),
            ("set_role", new { chatId, userId = admin.Id, role = "member" }),
            ("remove_member", new { chatId, userId = owner.Id }),
            ("edit_message", new { chatId, seq, text = "edited by an admin" }),
        ];
        await using (var adminDevice = await TestAccounts.Device(server.Address, admin))
        {
            foreach (var (method, payload) in owners)
            {
                await ExpectForbidden(failures, "admin", adminDevice, method, payload);
            }
        }

        // REST: every route that would change the chat by its id is refused to the member with a code.
        using var http = MessengerClient.Authorized(server.Address, member.Token);
        var changing = Routes().Where(r => r.Method is not ("GET" or "HEAD" or "*") && r.Endpoint.RoutePattern.Parameters.Any(p => p.Name == "chatId")).ToList();
        Assert.NotEmpty(changing);
        foreach (var route in changing)
        {
            var answer = await Call(http, route, new Dictionary<string, string> { ["chatId"] = chatId });
            var code = (await answer.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var c) ? c.GetString() : null;
            if (answer.StatusCode != HttpStatusCode.Forbidden || code != "forbidden")
            {
                failures.Add($"member: {route.Key} answered {(int)answer.StatusCode} {code}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await Snapshot(ownerDevice, chatId));
        Assert.Equal(invite, (await ownerDevice.Hub.InvokeAsync<JsonElement>("get_invite", new { chatId })).GetProperty("invite").GetString());
    }

    private static async Task ExpectForbidden(List<string> failures, string caller, MessengerClient device, string method, object payload)
    {
        try
        {
            var answer = await device.Hub.InvokeAsync<JsonElement>(method, payload);
            failures.Add($"{caller}: {method} {JsonSerializer.Serialize(payload)} was answered {answer}");
        }
        catch (HubException error) when (!error.Message.Contains("HubException: forbidden:", StringComparison.Ordinal))
        {
            failures.Add($"{caller}: {method} {JsonSerializer.Serialize(payload)} failed with {error.Message}");
        }
        catch (HubException)
        {
            // Refused with the code.
        }
    }

    private static async Task<string> Snapshot(MessengerClient device, string chatId)
    {
        var details = await device.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}");
        var history = await device.Http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}");
        var pins = await device.Http.GetStringAsync(new Uri($"/api/chats/{chatId}/pins", UriKind.Relative));
        return $"{details}\n{history}\n{pins}";
    }

    private static void Expect(List<string> failures, Route route, string caller, HttpResponseMessage answer, Func<int, bool> ok)
    {
        if (!ok((int)answer.StatusCode))
        {
            failures.Add($"{caller}: {route.Key} answered {(int)answer.StatusCode}");
        }
    }

    private async Task AssertRefused(string path, string? token)
    {
        await using var connection = Connection(path, token, skipNegotiation: true);
        await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
    }

    private HubConnection Connection(string path, string? token, bool skipNegotiation = false) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, path), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult(token);
                o.SkipNegotiation = skipNegotiation;
                o.Transports = skipNegotiation ? HttpTransportType.WebSockets : o.Transports;
            })
            .Build();

    private IEnumerable<Route> Routes() => RouteTable.Routes(server.Services);

    private IEnumerable<HubRoute> Hubs() => RouteTable.Hubs(server.Services);

    private static Task<HttpResponseMessage> Call(HttpClient http, Route route, IReadOnlyDictionary<string, string>? values = null)
    {
        var path = route.Fill(parameter => Uri.EscapeDataString(values?.GetValueOrDefault(parameter.Name)
            ?? (parameter.ParameterPolicies.Any(p => p.Content == "int") ? "987654" : "no-such-" + parameter.Name.ToLowerInvariant())));
        var method = route.Method == "*" ? HttpMethod.Get : new HttpMethod(route.Method);
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Delete)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return http.SendAsync(request);
    }

    /// <summary>A caller that logs in again when a route it called ended its own session (logout, end-others).</summary>
    private sealed class LoggedIn(Uri server, string username, string password) : IDisposable
    {
        private HttpClient? _http;

        public async Task<HttpResponseMessage> Call(Route route)
        {
            if (_http is null || (await _http.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode == HttpStatusCode.Unauthorized)
            {
                _http?.Dispose();
                _http = MessengerClient.Authorized(server, (await MessengerClient.LoginAsync(server, username, password)).Token);
            }

            return await AuthorizationMatrixTests.Call(_http, route);
        }

        public void Dispose() => _http?.Dispose();
    }
}
