using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>The bare <c>/admin</c> is the panel's page; every <c>/admin/…</c> path stays the JSON API.</summary>
public sealed class AdminPanelPageTests
{
    [Fact]
    public async Task The_bare_admin_path_is_the_panel_page_and_every_path_below_it_stays_json()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        using var http = MessengerClient.Anonymous(server.Address);

        foreach (var path in new[] { "/admin", "/admin/" })
        {
            var page = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("/assets/admin.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        var stats = await http.GetAsync(new Uri("/admin/stats", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
        Assert.Equal("unauthorized", (await stats.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        foreach (var unknown in new[] { await http.GetAsync(new Uri("/admin/no-such-thing", UriKind.Relative)), await http.PostAsync(new Uri("/admin", UriKind.Relative), null) })
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.Contains("sandbox", unknown.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        var messenger = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("/assets/messenger.js", messenger, StringComparison.Ordinal);
        Assert.DoesNotContain("admin.js", messenger, StringComparison.Ordinal);
    }
}
