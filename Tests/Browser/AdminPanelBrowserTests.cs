using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

/// <summary>The admin panel at <c>/admin</c> in a real browser against the real server.</summary>
[Collection(BrowserSuite.Name)]
public sealed class AdminPanelBrowserTests(BrowserFixture browser)
{
    private const string AdminPassword = "admin-pass-123";
    private const int FirstVisitBudget = 90 * 1024;

    [Fact]
    public async Task An_admin_watches_figures_rise_live_takes_and_downloads_a_backup_blocks_and_deletes_a_user_and_announces_an_update()
    {
        await using var server = await WebServer.StartAsync();
        var (context, page) = await OpenAsync(server);
        await using var _ = context;
        await SignInChangingTheDemoPasswordAsync(page);
        await Expect(page.GetByTestId("stat-users")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("stat-messages")).ToHaveTextAsync("0");

        // A client sends; the panel is told by the server (no reload, no polling) and the chart rises.
        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        await using var two = await MessengerClient.ConnectAsync(server.Address, "user2", "123456");
        for (var i = 1; i <= 3; i++)
        {
            await one.SendText(two.UserId, $"hello admin {i}");
        }

        await Expect(page.GetByTestId("stat-messages")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("chart-messages")).ToHaveAttributeAsync("data-value", "3");
        await Expect(page.GetByTestId("stat-online")).ToHaveTextAsync("2");
        await Expect(page.Locator("#messages").GetByText("hello admin 3")).ToBeVisibleAsync();
        await Expect(page.Locator("#users tr[data-user=user1]")).ToContainTextAsync("Online");

        // A backup: taken, listed, downloaded as a zip.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create backup" }).ClickAsync();
        await Expect(page.GetByTestId("backup-status")).ToContainTextAsync("is ready");
        var row = page.Locator("#backups tr[data-backup]").First;
        var name = await row.GetAttributeAsync("data-backup");
        Assert.Matches("^messenger_backup_\\d{8}_\\d{6}(_\\d+)?\\.zip$", name);
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = $"Download {name}" }).ClickAsync());
        Assert.Equal(name, download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"panel-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(saved);
        try
        {
            using var zip = ZipFile.OpenRead(saved);
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".db", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(saved);
        }

        // Block (the gentle option, first): the account's connection is told and closed, its login refused.
        await page.GetByRole(AriaRole.Button, new() { Name = "Block user2" }).ClickAsync();
        await Expect(page.Locator("#users tr[data-user=user2]")).ToContainTextAsync("Blocked");
        await two.Next("session_ended");
        using (var anonymous = MessengerClient.Anonymous(server.Address))
        {
            var login = await anonymous.PostAsJsonAsync("/api/login", new { username = "user2", password = "123456" });
            Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        }

        // Delete, after a confirmation.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete user2" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete user2?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.Locator("#users tr[data-user=user2]")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("stat-users")).ToHaveTextAsync("2");

        // An update notice reaches the connected client.
        await page.GetByLabel("Version").FillAsync("2.0.0");
        await page.GetByLabel("What changed").FillAsync("Admin panel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Announce to everyone" }).ClickAsync();
        var notice = await one.Next("update_available");
        Assert.Equal("2.0.0", notice.GetProperty("version").GetString());
        await Expect(page.GetByTestId("update-current")).ToContainTextAsync("2.0.0");

        // Every action is in the audit log.
        var audit = page.Locator("#audit");
        foreach (var action in new[] { "update announced", "user deleted", "user blocked", "backup taken" })
        {
            await Expect(audit.GetByRole(AriaRole.Cell, new() { Name = action, Exact = true })).ToBeVisibleAsync();
        }

        await page.Locator("#overview").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "admin-panel");
    }

    [Fact]
    public async Task A_non_admin_is_refused_in_their_language_and_the_panel_page_loads_at_most_90_KB_of_gzipped_JavaScript()
    {
        await using var server = await WebServer.StartAsync();
        var scripts = new List<IResponse>();
        var (context, page) = await OpenAsync(server, locale: "ru-RU", scripts: scripts);
        await using var _ = context;
        await page.GetByLabel("Имя пользователя").FillAsync("user1");
        await page.GetByLabel("Пароль").FillAsync("123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("не администратор");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Войти" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        var total = 0L;
        List<IResponse> seen;
        lock (scripts)
        {
            seen = [.. scripts];
        }

        foreach (var script in seen)
        {
            total += Gzipped(await script.BodyAsync());
        }

        Assert.True(total is > 0 and <= FirstVisitBudget, $"the admin page loads {total} gzipped bytes of JavaScript");
    }

    [Fact]
    public async Task The_panel_has_no_serious_accessibility_violations_fits_a_phone_and_reconnects_after_a_server_restart()
    {
        await using var server = await WebServer.StartAsync();
        var (context, page) = await OpenAsync(server, width: 390, height: 844);
        await using var _ = context;
        await AssertNoSeriousViolationsAsync(page, "sign-in");
        await SignInChangingTheDemoPasswordAsync(page);
        await Expect(page.GetByTestId("stat-users")).ToHaveTextAsync("3");
        await Expect(page.Locator("#backups")).ToContainTextAsync("No backups yet.");
        await AssertNoSeriousViolationsAsync(page, "panel");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a phone's screen");
        await Screenshots.SaveAsync(page, "admin-panel-phone");

        await server.StopAsync();
        await Expect(page.Locator(".conn[data-state=reconnecting]")).ToBeVisibleAsync();
        await server.StartAgainAsync();
        await Expect(page.Locator(".conn[data-state=connected]")).ToBeVisibleAsync();
        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        await Expect(page.GetByTestId("stat-online")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task The_panel_warns_in_both_languages_while_free_disk_is_below_the_threshold_under_which_uploads_are_refused()
    {
        // A threshold no disk meets: the server refuses uploads (QuotaTests), and the panel says so.
        await using var server = await WebServer.StartAsync("--Messenger:Limits:MinFreeDiskBytes", (1L << 50).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (context, page) = await OpenAsync(server);
        await using var _ = context;
        await SignInChangingTheDemoPasswordAsync(page);
        await Expect(page.GetByTestId("low-disk")).ToContainTextAsync("Low disk space");
        await Expect(page.GetByTestId("low-disk")).ToContainTextAsync("1,024 TB");
        await Expect(page.GetByTestId("free-disk")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Русский" }).ClickAsync();
        await Expect(page.GetByTestId("low-disk")).ToContainTextAsync("Мало места на диске");
    }

    [Fact]
    public async Task The_cluster_view_shows_the_node_with_its_connections_in_both_languages_and_leave_asks_first_then_stops_the_node_gracefully()
    {
        await using var server = await WebServer.StartAsync();
        var (context, page) = await OpenAsync(server);
        await using var _ = context;
        await SignInChangingTheDemoPasswordAsync(page);
        await using var one = await ReconnectingClient.ConnectAsync(server.Address, "user1", "123456");

        var row = page.Locator("#cluster tr[data-address]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-status", "Up");
        await Expect(row.GetByTestId("member-status")).ToHaveTextAsync("Up");
        await Expect(row).ToContainTextAsync("this node");
        await Expect(row).ToContainTextAsync("leader");
        await Expect(row).ToContainTextAsync(server.Url);
        await Expect(row.GetByTestId("member-connections")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("cluster-summary")).ToContainTextAsync("1 member(s): 1 up, 0 unreachable.");
        await AssertNoSeriousViolationsAsync(page, "panel with the cluster view");

        await page.GetByRole(AriaRole.Button, new() { Name = "Русский" }).ClickAsync();
        await Expect(row.GetByTestId("member-status")).ToHaveTextAsync("Работает");
        await Expect(row).ToContainTextAsync("этот узел");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        // Cancel changes nothing; confirming makes the node stop as a leave does: clients are told.
        await row.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("is the node this page talks to");
        await AssertNoSeriousViolationsAsync(page, "leave dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row).ToHaveAttributeAsync("data-status", "Up");

        await row.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        Assert.Equal("shutdown", (await one.ServerStopping.WaitAsync(TimeSpan.FromSeconds(30))).GetProperty("reason").GetString());
        await Expect(page.Locator(".conn[data-state=reconnecting]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(WebServer server, string locale = "en-US", int width = 1280, int height = 900, List<IResponse>? scripts = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        if (scripts is not null)
        {
            page.Response += (_, r) =>
            {
                if (r.Request.ResourceType == "script")
                {
                    lock (scripts)
                    {
                        scripts.Add(r);
                    }
                }
            };
        }

        await page.GotoAsync(server.Url + "/admin");
        return (context, page);
    }

    /// <summary>The seeded admin still has its demo password: the panel asks for a new one before it opens.</summary>
    private static async Task SignInChangingTheDemoPasswordAsync(IPage page)
    {
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("admin123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("admin123");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(AdminPassword);
        await page.GetByLabel("New password again").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await Expect(page.Locator(".conn[data-state=connected]")).ToBeVisibleAsync();
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        AxeResult result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{screen}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }

    private static long Gzipped(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return buffer.Length;
    }
}
