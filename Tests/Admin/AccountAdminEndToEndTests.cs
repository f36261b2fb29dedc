using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>Blocking, unblocking, deleting accounts and changing roles through the admin API, against the real server.</summary>
public sealed class AccountAdminEndToEndTests
{
    [Fact]
    public async Task A_blocked_user_is_cut_off_at_once_and_comes_back_when_unblocked()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        var (adminId, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");

        Assert.Equal(HttpStatusCode.Forbidden, (await one.Http.PostAsync(new Uri($"/admin/users/{one.UserId}/block", UriKind.Relative), null)).StatusCode);

        var blocked = await admin.PostAsync(new Uri($"/admin/users/{one.UserId}/block", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.True((await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("blocked").GetBoolean());

        // Told why, then closed; the token stops on REST; the password no longer opens a session.
        Assert.Equal("ended_by_admin", (await one.Next("session_ended")).GetProperty("reason").GetString());
        await one.Closed;
        Assert.Equal(HttpStatusCode.Unauthorized, (await one.Http.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        using var anonymous = MessengerClient.Anonymous(server.Address);
        var refused = await anonymous.PostAsJsonAsync("/api/login", new { username = "user1", password = "123456" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("account_blocked", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var listed = await admin.GetFromJsonAsync<JsonElement>("/admin/users?q=user1");
        Assert.True(listed.GetProperty("users")[0].GetProperty("blocked").GetBoolean());

        (await admin.PostAsync(new Uri($"/admin/users/{one.UserId}/unblock", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await using var back = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        Assert.Equal(back.UserId, one.UserId);

        // An admin cannot block or delete themselves, nor take away the last admin.
        foreach (var (method, path) in new[] { (HttpMethod.Post, $"/admin/users/{adminId}/block"), (HttpMethod.Delete, $"/admin/users/{adminId}") })
        {
            var self = await admin.SendAsync(new HttpRequestMessage(method, new Uri(path, UriKind.Relative)));
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
            Assert.Equal("forbidden", (await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri("/admin/users/999/block", UriKind.Relative), null)).StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonElement>("/admin/audit");
        Assert.Equal(
            [("user_unblocked", "user1"), ("user_blocked", "user1")],
            audit.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString())));
    }

    [Fact]
    public async Task Roles_are_granted_and_taken_and_the_last_admin_stays()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        var (adminId, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        var (twoId, _) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/admin/users/{twoId}/role", new { role = "owner" })).StatusCode);
        (await admin.PostAsJsonAsync($"/admin/users/{twoId}/role", new { role = "admin" })).EnsureSuccessStatusCode();

        // The new role comes with a new login: the old token is gone, the new one opens the admin API.
        var (_, twoAdminToken) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
        using var twoAdmin = MessengerClient.Authorized(server.Address, twoAdminToken);
        Assert.Equal(HttpStatusCode.OK, (await twoAdmin.GetAsync(new Uri("/admin/stats", UriKind.Relative))).StatusCode);

        // Two admins: one may take the other's role; then the one left is the last.
        (await twoAdmin.PostAsJsonAsync($"/admin/users/{adminId}/role", new { role = "user" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync(new Uri("/admin/stats", UriKind.Relative))).StatusCode);
        var (_, demoted) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var demotedAdmin = MessengerClient.Authorized(server.Address, demoted);
        Assert.Equal(HttpStatusCode.Forbidden, (await demotedAdmin.GetAsync(new Uri("/admin/stats", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await twoAdmin.PostAsJsonAsync($"/admin/users/{twoId}/role", new { role = "user" })).StatusCode);
    }

    [Fact]
    public async Task A_deleted_user_is_closed_out_leaves_their_groups_and_frees_the_username()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var admin = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin123")).Token);
        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        await using var two = await MessengerClient.ConnectAsync(server.Address, "user2", "123456");
        var group = await two.Hub.InvokeAsync<JsonElement>("create_group", new { title = "Команда", memberIds = new[] { one.UserId } });
        var groupId = group.GetProperty("chatId").GetString()!;
        await one.SendText(two.UserId, "до свидания");

        var deleted = await admin.DeleteAsync(new Uri($"/admin/users/{one.UserId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(1, (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leftChats").GetInt32());

        await one.Closed;
        Assert.Equal(HttpStatusCode.Unauthorized, (await one.Http.GetAsync(new Uri("/api/chats", UriKind.Relative))).StatusCode);
        var info = await two.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{groupId}");
        Assert.DoesNotContain(info.GetProperty("members").EnumerateArray(), m => m.GetProperty("userId").GetInt32() == one.UserId);
        var users = await two.Http.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.DoesNotContain(users.GetProperty("users").EnumerateArray(), u => u.GetProperty("username").GetString() == "user1");

        using var anonymous = MessengerClient.Anonymous(server.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/login", new { username = "user1", password = "123456" })).StatusCode);
        var again = await anonymous.PostAsJsonAsync("/api/register", new { username = "user1", password = "новый пароль", fullName = "Другой" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotEqual(one.UserId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetInt32());

        // What they sent is deleted in the other member's history too (its place stays).
        var chats = await two.Http.GetFromJsonAsync<JsonElement>("/api/chats");
        Assert.Contains(chats.GetProperty("chats").EnumerateArray(), c => c.GetProperty("lastMessage").ValueKind == JsonValueKind.Object && c.GetProperty("lastMessage").GetProperty("deleted").GetBoolean() && c.GetProperty("lastMessage").GetProperty("text").GetString() == string.Empty);
    }
}
