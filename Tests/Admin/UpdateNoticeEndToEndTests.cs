using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>The old server's update notice: pushed and cancelled by an admin, heard by every client, kept for later ones and across a restart, audited.</summary>
public sealed class UpdateNoticeEndToEndTests
{
    [Fact]
    public async Task An_update_notice_reaches_connected_and_later_clients_until_cancelled_and_is_audited()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var admin = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin123")).Token);
        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");

        using (var anonymous = MessengerClient.Anonymous(server.Address))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/update/check", UriKind.Relative))).StatusCode);
        }

        var none = await one.Http.GetFromJsonAsync<JsonElement>("/api/update/check");
        Assert.False(none.GetProperty("update_available").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await one.Http.PostAsJsonAsync("/admin/update/push", new { version = "9" })).StatusCode);
        foreach (var bad in new object[] { new { version = "" }, new { version = "2.0", download_url = "javascript:alert(1)" }, new { version = new string('9', 65) } })
        {
            var refused = await admin.PostAsJsonAsync("/admin/update/push", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("invalid_request", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var pushed = await admin.PostAsJsonAsync("/admin/update/push", new { version = "2.0.1", changelog = "Исправлены ошибки", download_url = "http://lan.test:5000/app", mandatory = true });
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        var heard = await one.Next("update_available");
        Assert.Equal(("2.0.1", "Исправлены ошибки", "http://lan.test:5000/app", true), (
            heard.GetProperty("version").GetString(),
            heard.GetProperty("changelog").GetString(),
            heard.GetProperty("download_url").GetString(),
            heard.GetProperty("mandatory").GetBoolean()));

        await using (var later = await MessengerClient.ConnectAsync(server.Address, "user2", "123456"))
        {
            Assert.Equal("2.0.1", (await later.Next("update_available")).GetProperty("version").GetString());
            var check = await later.Http.GetFromJsonAsync<JsonElement>("/api/update/check");
            Assert.True(check.GetProperty("update_available").GetBoolean());
            Assert.Equal("http://lan.test:5000/app", check.GetProperty("download_url").GetString());
        }

        (await admin.PostAsync(new Uri("/admin/update/cancel", UriKind.Relative), null)).EnsureSuccessStatusCode();
        Assert.Equal("2.0.1", (await one.Next("update_cancelled")).GetProperty("version").GetString());
        Assert.False((await one.Http.GetFromJsonAsync<JsonElement>("/api/update/check")).GetProperty("update_available").GetBoolean());

        var audit = await admin.GetFromJsonAsync<JsonElement>("/admin/audit");
        Assert.Equal(
            [("update_cancelled", "2.0.1"), ("update_pushed", "2.0.1")],
            audit.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString())));
        Assert.All(audit.GetProperty("entries").EnumerateArray(), e => Assert.Equal("admin", e.GetProperty("adminName").GetString()));

        (await admin.PostAsJsonAsync("/admin/update/push", new { version = "2.0.2" })).EnsureSuccessStatusCode();
        await one.DisposeAsync();
        await server.RestartAsync();

        await using var afterRestart = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        Assert.Equal("2.0.2", (await afterRestart.Next("update_available")).GetProperty("version").GetString());
        using var adminAgain = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin123")).Token);
        Assert.Equal(3, (await adminAgain.GetFromJsonAsync<JsonElement>("/admin/audit")).GetProperty("entries").GetArrayLength());
    }
}
