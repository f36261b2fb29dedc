using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>The admin statistics through the real server: what was done is what is counted, also after a restart.</summary>
public sealed class StatsEndToEndTests
{
    [Fact]
    public async Task Stats_count_what_users_did_and_still_do_after_a_restart()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var admin = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin123")).Token);

        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        await using var two = await MessengerClient.ConnectAsync(server.Address, "user2", "123456");
        using (var anonymous = MessengerClient.Anonymous(server.Address))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/admin/stats", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await one.Http.GetAsync(new Uri("/admin/stats", UriKind.Relative))).StatusCode);

        string chatId = "";
        for (var i = 0; i < 5; i++)
        {
            chatId = (await one.SendText(two.UserId, $"счёт {i}")).GetProperty("chatId").GetString()!;
        }

        await one.Hub.InvokeAsync<JsonElement>("delete_message", new { chatId, seq = 1 });
        await one.Hub.InvokeAsync<JsonElement>("create_group", new { title = "Отдел", memberIds = new[] { two.UserId } });
        await one.Hub.InvokeAsync<JsonElement>("create_channel", new { name = "Новости", isPublic = true });

        var live = await Poll.UntilValue(() => admin.GetFromJsonAsync<JsonElement>("/admin/stats"), s =>
            s.GetProperty("messages_count").GetInt64() == 4
            && s.GetProperty("groups").GetInt64() == 1
            && s.GetProperty("channels_count").GetInt64() == 1
            && s.GetProperty("connections").GetInt32() == 2);
        Assert.Equal(3, live.GetProperty("users_count").GetInt64());
        Assert.Equal(1, live.GetProperty("directChats").GetInt64());
        Assert.Equal(2, live.GetProperty("onlineUsers").GetInt32());
        Assert.Equal(5, live.GetProperty("messagesLastHour").GetInt64());
        Assert.Equal(5, live.GetProperty("series").GetProperty("messagesPerMinute").EnumerateArray().Sum(m => m.GetInt64()));
        Assert.Equal("счёт 4", live.GetProperty("recent_messages")[0].GetProperty("text").GetString());
        Assert.DoesNotContain(live.GetProperty("recent_messages").EnumerateArray(), m => m.GetProperty("text").GetString() == "счёт 0");
        Assert.Contains(live.GetProperty("databases").EnumerateArray(), d => d.GetProperty("name").GetString() == "messenger.db" && d.GetProperty("bytes").GetInt64() > 0);

        var actors = await admin.GetFromJsonAsync<JsonElement>("/admin/live");
        var node = actors.GetProperty("nodes")[0];
        Assert.Equal(chatId, node.GetProperty("busiestChats")[0].GetProperty("chatId").GetString());
        Assert.Contains(node.GetProperty("mailboxes").EnumerateArray(), m => m.GetProperty("actor").GetString() == "history-writer");

        var messages = await admin.GetFromJsonAsync<JsonElement>("/admin/messages");
        var newest = messages.GetProperty("messages")[0];
        Assert.Equal(("user1", "user2", "счёт 4"), (newest.GetProperty("sender_name").GetString(), newest.GetProperty("recipient_name").GetString(), newest.GetProperty("text").GetString()));

        var users = await admin.GetFromJsonAsync<JsonElement>("/admin/users?q=USER&limit=1");
        Assert.Equal(2, users.GetProperty("total").GetInt32());
        Assert.Equal("user1", users.GetProperty("users")[0].GetProperty("username").GetString());
        Assert.True(users.GetProperty("users")[0].GetProperty("online").GetBoolean());
        var badPage = await admin.GetAsync(new Uri("/admin/users?limit=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal("invalid_request", (await badPage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await one.DisposeAsync();
        await two.DisposeAsync();
        await server.RestartAsync();

        using var adminAgain = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin123")).Token);
        var restarted = await Poll.UntilValue(() => adminAgain.GetFromJsonAsync<JsonElement>("/admin/stats"), s => s.GetProperty("messages_count").GetInt64() == 4);
        Assert.Equal((3L, 1L, 1L, 1L), (
            restarted.GetProperty("users_count").GetInt64(),
            restarted.GetProperty("directChats").GetInt64(),
            restarted.GetProperty("groups").GetInt64(),
            restarted.GetProperty("channels_count").GetInt64()));
        Assert.Equal("счёт 4", restarted.GetProperty("recent_messages")[0].GetProperty("text").GetString());

        // Read from the store at the restart, then deleted: the panel stops showing it.
        await using var oneAgain = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        await oneAgain.Hub.InvokeAsync<JsonElement>("delete_message", new { chatId, seq = 5 });
        var afterDelete = await Poll.UntilValue(() => adminAgain.GetFromJsonAsync<JsonElement>("/admin/stats"), s => s.GetProperty("messages_count").GetInt64() == 3);
        var shown = afterDelete.GetProperty("recent_messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.DoesNotContain("счёт 4", shown);
        Assert.Equal("счёт 3", shown[0]);
        var messagesPage = await adminAgain.GetFromJsonAsync<JsonElement>("/admin/messages");
        Assert.DoesNotContain(messagesPage.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == "счёт 4");
    }
}
