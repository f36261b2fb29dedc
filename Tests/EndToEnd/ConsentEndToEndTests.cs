using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Who may add whom, and blocking, through the real server, REST and the .NET SignalR client.</summary>
public sealed class ConsentEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task<TestUser> NewUser() => TestAccounts.Register(server.Address);

    private Task<MessengerClient> Device(TestUser user) => TestAccounts.Device(server.Address, user);

    private static Task<JsonElement> Call(MessengerClient c, string method, object payload) => c.Hub.InvokeAsync<JsonElement>(method, payload);

    private static async Task<JsonElement> Body(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> SetPrivacy(MessengerClient c, string value) =>
        (await Body(await c.Http.PutAsJsonAsync("/api/me/privacy", new { whoCanAddMe = value }), HttpStatusCode.OK)).GetProperty("whoCanAddMe").GetString()!;

    private static async Task<int[]> Blocked(MessengerClient c) =>
        [.. (await c.Http.GetFromJsonAsync<JsonElement>("/api/me/blocked")).GetProperty("blocked").EnumerateArray().Select(e => e.GetInt32())];

    private static async Task<int> MemberCount(MessengerClient c, string chatId) =>
        (await c.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}")).GetProperty("chat").GetProperty("memberCount").GetInt32();

    private static async Task<string[]> SystemActions(MessengerClient c, string chatId) =>
        [.. (await c.Http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}")).GetProperty("messages").EnumerateArray()
            .Where(m => m.TryGetProperty("system", out var s) && s.ValueKind == JsonValueKind.Object)
            .Select(m => m.GetProperty("system").GetProperty("action").GetString()!)];

    [Fact]
    public async Task Who_may_add_a_user_follows_their_setting_for_groups_channels_and_new_groups()
    {
        var (owner, target) = (await NewUser(), await NewUser());
        await using var o = await Device(owner);
        await using var t = await Device(target);
        var group = (await Call(o, "create_group", new { title = "Клуб" })).GetProperty("chatId").GetString()!;
        var channel = (await Call(o, "create_channel", new { name = "Канал " + Guid.NewGuid().ToString("N")[..6], isPublic = false })).GetProperty("chatId").GetString()!;

        var initial = await t.Http.GetFromJsonAsync<JsonElement>("/api/me/privacy");
        Assert.Equal("everyone", initial.GetProperty("whoCanAddMe").GetString());

        Assert.Equal("nobody", await SetPrivacy(t, "nobody"));
        Assert.Equal("privacy_restricted", await HubErrors.CodeOf(() => Call(o, "add_members", new { chatId = group, userIds = new[] { target.Id } })));
        Assert.Equal("privacy_restricted", await HubErrors.CodeOf(() => Call(o, "add_members", new { chatId = channel, userIds = new[] { target.Id } })));
        Assert.Equal("privacy_restricted", await HubErrors.CodeOf(() => Call(o, "create_group", new { title = "Второй", memberIds = new[] { target.Id } })));
        Assert.Equal(1, await MemberCount(o, group));
        Assert.Equal(["chat_created"], await SystemActions(o, group));
        Assert.DoesNotContain("members_added", await SystemActions(o, channel));
        var ownersChats = await o.Http.GetFromJsonAsync<JsonElement>("/api/chats");
        Assert.DoesNotContain(ownersChats.GetProperty("chats").EnumerateArray(), c => c.GetProperty("title").GetString() == "Второй");

        // Contacts: only once the two have a direct chat.
        Assert.Equal("contacts", await SetPrivacy(t, "contacts"));
        Assert.Equal("privacy_restricted", await HubErrors.CodeOf(() => Call(o, "add_members", new { chatId = group, userIds = new[] { target.Id } })));
        await o.SendText(target.Id, "привет");
        // The target's entity learns of the new direct chat from the chat, a moment after the send.
        async Task<bool> Added()
        {
            try
            {
                await Call(o, "add_members", new { chatId = group, userIds = new[] { target.Id } });
                return true;
            }
            catch (HubException ex) when (ex.Message.Contains("privacy_restricted", StringComparison.Ordinal))
            {
                return false;
            }
        }

        await Poll.Until(Added, () => "The direct chat never counted as a contact.");
        Assert.Equal(2, await MemberCount(o, group));

        Assert.Equal("everyone", await SetPrivacy(t, "everyone"));
        await Call(o, "add_members", new { chatId = channel, userIds = new[] { target.Id } });
    }

    [Fact]
    public async Task A_blocked_user_cannot_write_start_a_chat_or_add_the_blocker_until_unblocked()
    {
        var (ann, bob, carl) = (await NewUser(), await NewUser(), await NewUser());
        await using var a = await Device(ann);
        await using var b = await Device(bob);
        var first = await a.SendText(bob.Id, "привет");
        var dm = first.GetProperty("chatId").GetString()!;
        var group = (await Call(a, "create_group", new { title = "Без Боба" })).GetProperty("chatId").GetString()!;

        var blocked = await Body(await b.Http.PostAsync($"/api/users/{ann.Id}/block", null), HttpStatusCode.OK);
        Assert.Equal([ann.Id], blocked.GetProperty("blocked").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([ann.Id], await Blocked(b));

        Assert.Equal("blocked", await HubErrors.CodeOf(() => a.SendText(bob.Id, "ты тут?")));
        Assert.Equal("blocked", await HubErrors.CodeOf(() => a.Send(new { chatId = dm, message = new { text = "ты тут?" } })));
        Assert.Equal("blocked", await HubErrors.CodeOf(() => b.SendText(ann.Id, "нет")));
        Assert.Equal("privacy_restricted", await HubErrors.CodeOf(() => Call(a, "add_members", new { chatId = group, userIds = new[] { bob.Id } })));
        Assert.Equal(["chat_created"], await SystemActions(a, group));

        // Nor can a file go into the chat.
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(dm), "chatId" },
            { new ByteArrayContent("привет"u8.ToArray()) { Headers = { ContentType = new("text/plain") } }, "file", "note.txt" },
        })
        {
            var upload = await Body(await a.Http.PostAsync("/api/files", form), HttpStatusCode.Forbidden);
            Assert.Equal("blocked", upload.GetProperty("code").GetString());
        }

        // The blocker still reads the history; nothing new was stored.
        var history = await b.Http.GetFromJsonAsync<JsonElement>($"/api/messages/{dm}");
        Assert.Equal(["привет"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));

        // A block before any message: the direct chat never starts.
        await using var c = await Device(carl);
        await Body(await c.Http.PostAsync($"/api/users/{ann.Id}/block", null), HttpStatusCode.OK);
        Assert.Equal("blocked", await HubErrors.CodeOf(() => a.SendText(carl.Id, "знакомство")));
        var annsChats = await a.Http.GetFromJsonAsync<JsonElement>("/api/chats");
        Assert.DoesNotContain(annsChats.GetProperty("chats").EnumerateArray(), ch => ch.GetProperty("peerId").ValueKind == JsonValueKind.Number && ch.GetProperty("peerId").GetInt32() == carl.Id);

        var unblocked = await Body(await b.Http.DeleteAsync($"/api/users/{ann.Id}/block"), HttpStatusCode.OK);
        Assert.Empty(unblocked.GetProperty("blocked").EnumerateArray());
        var again = await a.SendText(bob.Id, "снова");
        Assert.Equal(2, again.GetProperty("seq").GetInt64());
        await Call(a, "add_members", new { chatId = group, userIds = new[] { bob.Id } });
    }

    [Fact]
    public async Task The_refusals_have_their_http_status_and_bad_input_changes_nothing()
    {
        var (ann, bob) = (await NewUser(), await NewUser());
        using var http = MessengerClient.Authorized(server.Address, ann.Token);
        await SetPrivacyOver(http, "contacts");

        async Task<string> Code(HttpResponseMessage response, HttpStatusCode expected)
        {
            var body = await Body(response, expected);
            Assert.False(body.GetProperty("success").GetBoolean());
            return body.GetProperty("code").GetString()!;
        }

        Assert.Equal("invalid_request", await Code(await http.PutAsJsonAsync("/api/me/privacy", new { whoCanAddMe = "friends" }), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await Code(await http.PutAsJsonAsync("/api/me/privacy", new { }), HttpStatusCode.BadRequest));
        Assert.Equal("malformed_json", await Code(await http.PutAsync("/api/me/privacy", new StringContent("{\"whoCanAddMe\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await Code(await http.PutAsync("/api/me/privacy", new StringContent("nobody", Encoding.UTF8, "text/plain")), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await Code(await http.PostAsync($"/api/users/{ann.Id}/block", null), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await Code(await http.PostAsync("/api/users/abc/block", null), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await Code(await http.PostAsync("/api/users/-3/block", null), HttpStatusCode.BadRequest));
        Assert.Equal("unknown_user", await Code(await http.PostAsync("/api/users/999999/block", null), HttpStatusCode.NotFound));

        var after = await http.GetFromJsonAsync<JsonElement>("/api/me/privacy");
        Assert.Equal("contacts", after.GetProperty("whoCanAddMe").GetString());
        Assert.Empty(after.GetProperty("blocked").EnumerateArray());

        // The hub's refusals carry the codes; REST maps both to 403.
        await using var b = await Device(bob);
        await Body(await b.Http.PostAsync($"/api/users/{ann.Id}/block", null), HttpStatusCode.OK);
        await using var a = await Device(ann);
        Assert.Equal("blocked", await HubErrors.CodeOf(() => a.SendText(bob.Id, "привет")));

        using var anonymous = MessengerClient.Anonymous(server.Address);
        foreach (var (method, path) in new[] { ("GET", "/api/me/privacy"), ("PUT", "/api/me/privacy"), ("GET", "/api/me/blocked"), ("POST", $"/api/users/{bob.Id}/block"), ("DELETE", $"/api/users/{bob.Id}/block") })
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_blocked_user_does_not_see_the_blockers_presence_until_unblocked()
    {
        var (ann, bob) = (await NewUser(), await NewUser());
        await using var b = await Device(bob);
        await using var a = await Device(ann);
        await a.SendText(bob.Id, "привет");

        async Task<(bool Online, bool LastSeenShown)> BobAsAnnSees()
        {
            var list = await a.Http.GetFromJsonAsync<JsonElement>("/api/users");
            var user = list.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == bob.Id);
            return (user.GetProperty("online").GetBoolean(), user.GetProperty("lastSeen").ValueKind != JsonValueKind.Null);
        }

        async Task<int[]> OnlineAsAnnSees() =>
            [.. (await Call(a, "user_online", new { })).GetProperty("users").EnumerateArray().Select(u => u.GetInt32())];

        Assert.True((await BobAsAnnSees()).Online);
        Assert.Contains(bob.Id, await OnlineAsAnnSees());

        await Body(await b.Http.PostAsync($"/api/users/{ann.Id}/block", null), HttpStatusCode.OK);
        Assert.Equal((false, false), await BobAsAnnSees());
        Assert.DoesNotContain(bob.Id, await OnlineAsAnnSees());
        var found = await a.Http.GetFromJsonAsync<JsonElement>($"/api/search/users?q={bob.Username}");
        Assert.False(found.GetProperty("users").EnumerateArray().Single().GetProperty("online").GetBoolean());

        // A new connection of Ann's is not told either; Bob still sees Ann.
        await using var a2 = await Device(ann);
        var online = await a2.Next("online_users");
        Assert.DoesNotContain(bob.Id, online.GetProperty("users").EnumerateArray().Select(u => u.GetInt32()));
        var bobsList = await b.Http.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.True(bobsList.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == ann.Id).GetProperty("online").GetBoolean());

        await Body(await b.Http.DeleteAsync($"/api/users/{ann.Id}/block"), HttpStatusCode.OK);
        Assert.True((await BobAsAnnSees()).Online);
        Assert.Contains(bob.Id, await OnlineAsAnnSees());

        // Ann's open connections are told at once, also the one made during the block.
        var back = await a2.Next("user_status", s => s.GetProperty("userId").GetInt32() == bob.Id);
        Assert.True(back.GetProperty("online").GetBoolean());
        Assert.True((await a.Next("user_status", s => s.GetProperty("userId").GetInt32() == bob.Id && s.GetProperty("online").GetBoolean())).GetProperty("online").GetBoolean());
    }

    private static async Task SetPrivacyOver(HttpClient http, string value) =>
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/me/privacy", new { whoCanAddMe = value })).StatusCode);
}
