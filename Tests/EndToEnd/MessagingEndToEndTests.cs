using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

public sealed class MessagingEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task<TestUser> NewUser() => TestAccounts.Register(server.Address);

    private Task<MessengerClient> Device(TestUser user) => TestAccounts.Device(server.Address, user);

    private static Task<string> HubError(Func<Task> call) => HubErrors.CodeOf(call);

    [Fact]
    public async Task Two_users_with_two_devices_each_chat_both_ways_in_real_time()
    {
        var anna = await NewUser();
        var boris = await NewUser();
        await using var annaPhone = await Device(anna);
        await using var annaLaptop = await Device(anna);
        await using var borisPhone = await Device(boris);
        await using var borisLaptop = await Device(boris);

        var sent = await annaPhone.SendText(boris.Id, "Привет, Борис!", clientId: "a-1");
        Assert.Equal(1, sent.GetProperty("seq").GetInt64());
        Assert.Equal(anna.Id, sent.GetProperty("senderId").GetInt32());
        var chatId = sent.GetProperty("chatId").GetString()!;
        Assert.Equal("a-1", sent.GetProperty("clientId").GetString());
        Assert.True(sent.TryGetProperty("createdAt", out _));

        var confirmation = await annaPhone.Next("message_sent");
        Assert.Equal(chatId, confirmation.GetProperty("chatId").GetString());
        Assert.Equal(sent.GetProperty("id").GetString(), confirmation.GetProperty("message").GetProperty("id").GetString());

        foreach (var device in new[] { borisPhone, borisLaptop, annaLaptop })
        {
            var received = await device.Next("new_message");
            Assert.Equal(chatId, received.GetProperty("chatId").GetString());
            Assert.Equal("Привет, Борис!", received.GetProperty("message").GetProperty("text").GetString());
            Assert.Equal(1, received.GetProperty("message").GetProperty("seq").GetInt64());
        }

        var reply = await borisLaptop.Send(new { chatId, message = new { text = "Привет, Анна!" } });
        Assert.Equal(2, reply.GetProperty("seq").GetInt64());
        foreach (var device in new[] { annaPhone, annaLaptop, borisPhone })
        {
            var received = await device.Next("new_message", m => m.GetProperty("message").GetProperty("seq").GetInt64() == 2);
            Assert.Equal("Привет, Анна!", received.GetProperty("message").GetProperty("text").GetString());
            Assert.Equal(boris.Id, received.GetProperty("message").GetProperty("senderId").GetInt32());
        }

        // The sending device gets its confirmation, never a copy of its own message.
        Assert.DoesNotContain(annaPhone.Log("new_message").All, m => m.GetProperty("message").GetProperty("seq").GetInt64() == 1);
    }

    [Fact]
    public async Task Pipelined_sends_from_one_device_keep_their_order()
    {
        var a = await NewUser();
        var b = await NewUser();
        await using var sender = await Device(a);
        await using var receiver = await Device(b);
        await sender.SendText(b.Id, "first");

        // All in flight at once: the hub runs several calls of a connection in parallel.
        var acks = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => sender.SendText(b.Id, $"p{i}", clientId: $"p{i}")));
        Assert.Equal(Enumerable.Range(2, 40).Select(i => (long)i), acks.Select(x => x.GetProperty("seq").GetInt64()));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"p{i}"), acks.Select(x => x.GetProperty("text").GetString()));

        await receiver.Next("new_message", m => m.GetProperty("message").GetProperty("seq").GetInt64() == 41);
        Assert.Equal(Enumerable.Range(1, 41).Select(i => (long)i), receiver.Log("new_message").All.Select(m => m.GetProperty("message").GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Presence_flips_for_users_who_share_a_chat()
    {
        var vera = await NewUser();
        var gleb = await NewUser();
        await using var veraDevice = await Device(vera);
        await using (var glebFirst = await Device(gleb))
        {
            await glebFirst.SendText(vera.Id, "hi");
            await veraDevice.Next("new_message");
        }

        // Gleb comes back: Vera, who shares a chat with him, sees him online, then offline with last seen.
        var glebDevice = await Device(gleb);
        var online = await veraDevice.Next("user_status", s => s.GetProperty("userId").GetInt32() == gleb.Id && s.GetProperty("online").GetBoolean());
        Assert.True(online.GetProperty("online").GetBoolean());
        var onlineUsers = (await glebDevice.Next("online_users")).GetProperty("users").EnumerateArray().Select(u => u.GetInt32()).ToList();
        Assert.True(onlineUsers.Contains(vera.Id) && onlineUsers.Contains(gleb.Id), $"online {string.Join(',', onlineUsers)}; vera {vera.Id}, gleb {gleb.Id}");

        using (var users = await veraDevice.Http.GetFromJsonAsync<JsonDocument>("/api/users"))
        {
            var glebRow = users!.RootElement.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == gleb.Id);
            Assert.True(glebRow.GetProperty("online").GetBoolean());
        }

        await glebDevice.DisposeAsync();
        var offline = await veraDevice.Next("user_status", s => s.GetProperty("userId").GetInt32() == gleb.Id && !s.GetProperty("online").GetBoolean());
        Assert.True(offline.GetProperty("lastSeen").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        await Poll.Until(async () =>
        {
            using var users = await veraDevice.Http.GetFromJsonAsync<JsonDocument>("/api/users");
            var glebRow = users!.RootElement.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == gleb.Id);
            return !glebRow.GetProperty("online").GetBoolean() && glebRow.GetProperty("lastSeen").ValueKind == JsonValueKind.String;
        });
    }

    [Fact]
    public async Task History_pages_backwards_over_rest_for_members_only()
    {
        var a = await NewUser();
        var b = await NewUser();
        var outsider = await NewUser();
        await using var device = await Device(a);
        string chatId = "";
        for (var i = 1; i <= 12; i++)
        {
            chatId = (await device.SendText(b.Id, $"msg {i}")).GetProperty("chatId").GetString()!;
        }

        using var bHttp = MessengerClient.Authorized(server.Address, b.Token);
        var newest = await bHttp.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=5");
        Assert.Equal(["msg 8", "msg 9", "msg 10", "msg 11", "msg 12"], Texts(newest));
        Assert.True(newest.GetProperty("hasMore").GetBoolean());

        var older = await bHttp.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?before=8&limit=5");
        Assert.Equal(["msg 3", "msg 4", "msg 5", "msg 6", "msg 7"], Texts(older));
        var oldest = await bHttp.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?before=3&limit=5");
        Assert.Equal(["msg 1", "msg 2"], Texts(oldest));
        Assert.False(oldest.GetProperty("hasMore").GetBoolean());

        var all = await bHttp.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"msg {i}"), Texts(all));

        using var outsiderHttp = MessengerClient.Authorized(server.Address, outsider.Token);
        var refused = await outsiderHttp.GetAsync(new Uri($"/api/messages/{chatId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("not_member", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await bHttp.GetAsync(new Uri($"/api/messages/{chatId}?limit=-1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bHttp.GetAsync(new Uri("/api/messages/bad%20id!", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bHttp.GetAsync(new Uri("/api/messages/room-404", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_chat_list_shows_last_message_and_unread_count_until_read()
    {
        var a = await NewUser();
        var b = await NewUser();
        await using var aDevice = await Device(a);
        await using var bDevice = await Device(b);
        string chatId = "";
        for (var i = 1; i <= 3; i++)
        {
            chatId = (await aDevice.SendText(b.Id, $"n{i}")).GetProperty("chatId").GetString()!;
        }

        await Poll.Until(async () => (await bDevice.Http.GetFromJsonAsync<JsonElement>("/api/chats")).GetProperty("chats").GetArrayLength() == 1);
        var chat = (await bDevice.Http.GetFromJsonAsync<JsonElement>("/api/chats")).GetProperty("chats")[0];
        Assert.Equal(chatId, chat.GetProperty("chatId").GetString());
        Assert.Equal(3, chat.GetProperty("unreadCount").GetInt64());
        Assert.Equal("n3", chat.GetProperty("lastMessage").GetProperty("text").GetString());
        Assert.Equal(a.Id, chat.GetProperty("peerId").GetInt32());

        var marked = await bDevice.Hub.InvokeAsync<JsonElement>("mark_read", new { chatId, seq = 3 });
        Assert.Equal(0, marked.GetProperty("unreadCount").GetInt64());
        var read = await aDevice.Next("messages_read");
        Assert.Equal(b.Id, read.GetProperty("userId").GetInt32());
        Assert.Equal(3, read.GetProperty("seq").GetInt64());

        var after = (await bDevice.Http.GetFromJsonAsync<JsonElement>("/api/chats")).GetProperty("chats")[0];
        Assert.Equal(0, after.GetProperty("unreadCount").GetInt64());
    }

    [Fact]
    public async Task A_retried_send_returns_the_original_and_delivers_once()
    {
        var a = await NewUser();
        var b = await NewUser();
        await using var aDevice = await Device(a);
        await using var bDevice = await Device(b);
        var first = await aDevice.SendText(b.Id, "only once", clientId: "retry-42");
        var retry = await aDevice.SendText(b.Id, "only once", clientId: "retry-42");
        Assert.Equal(first.GetProperty("id").GetString(), retry.GetProperty("id").GetString());

        var next = await aDevice.SendText(b.Id, "second", clientId: "retry-43");
        Assert.Equal(2, next.GetProperty("seq").GetInt64());
        await bDevice.Next("new_message", m => m.GetProperty("message").GetProperty("seq").GetInt64() == 2);
        Assert.Equal([1L, 2L], bDevice.Log("new_message").All.Select(m => m.GetProperty("message").GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Bad_hub_input_gets_coded_errors_stores_nothing_and_the_connection_stays_usable()
    {
        var a = await NewUser();
        var b = await NewUser();
        var c = await NewUser();
        await using var device = await Device(a);

        Assert.Equal("empty_text", await HubError(() => device.SendText(b.Id, "   ")));
        Assert.Equal("text_too_long", await HubError(() => device.SendText(b.Id, new string('я', 4001))));
        Assert.Equal("unknown_user", await HubError(() => device.SendText(999_999, "hello?")));
        Assert.Equal("identity_mismatch", await HubError(() => device.Send(new { recipientId = b.Id, senderId = b.Id, message = new { text = "spoof" } })));
        Assert.Equal("invalid_request", await HubError(() => device.Send(new { message = new { text = "where to?" } })));
        Assert.Equal("invalid_request", await HubError(() => device.Send(new { recipientId = b.Id })));
        Assert.Equal("invalid_request", await HubError(() => device.Hub.InvokeAsync<JsonElement>("send_message", "just a string")));
        Assert.Equal("invalid_request", await HubError(() => device.Send(new { recipientId = "not-a-number", message = new { text = "x" } })));
        Assert.Equal("unsupported_type", await HubError(() => device.Send(new { recipientId = b.Id, message = new { text = "x", type = "sticker" } })));
        Assert.Equal("not_member", await HubError(() => device.Send(new { chatId = ChatOf(b.Id, c.Id), message = new { text = "intrude" } })));
        Assert.Equal("unknown_chat", await HubError(() => device.Send(new { chatId = "room-nowhere", message = new { text = "x" } })));
        Assert.Equal("invalid_chat_id", await HubError(() => device.Send(new { chatId = "../../etc", message = new { text = "x" } })));
        Assert.Equal("identity_mismatch", await HubError(() => device.Hub.InvokeAsync<JsonElement>("user_online", new { userId = b.Id })));

        using var bHttp = MessengerClient.Authorized(server.Address, b.Token);
        var history = await bHttp.GetFromJsonAsync<JsonElement>($"/api/messages/{ChatOf(a.Id, b.Id)}");
        Assert.Equal(0, history.GetProperty("messages").GetArrayLength());

        var ok = await device.SendText(b.Id, "still works");
        Assert.Equal(1, ok.GetProperty("seq").GetInt64());
        Assert.Equal(HubConnectionState.Connected, device.Hub.State);
    }

    [Fact]
    public async Task The_old_user_online_call_answers_with_online_users()
    {
        var a = await NewUser();
        await using var device = await Device(a);
        var answer = await device.Hub.InvokeAsync<JsonElement>("user_online", new { userId = a.Id });
        Assert.Contains(answer.GetProperty("users").EnumerateArray(), u => u.GetInt32() == a.Id);
    }

    private static string ChatOf(int x, int y) => x < y ? $"dm-{x}-{y}" : $"dm-{y}-{x}";

    private static List<string> Texts(JsonElement page) =>
        page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToList();

}
