using System.IO.Compression;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

/// <summary>The issue's budgets: sizes, which are deterministic, unlike times.</summary>
[Collection(BrowserSuite.Name)]
public sealed class BudgetBrowserTests(BrowserFixture browser)
{
    private const int FirstVisitBudget = 60 * 1024;
    private const int MessageElementBudget = 300;

    [Fact]
    public async Task A_first_visit_loads_at_most_60_KB_of_gzipped_JavaScript()
    {
        await using var server = await WebServer.StartAsync();
        var context = await browser.Browser.NewContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();
        var scripts = new List<IResponse>();
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
        await page.GotoAsync(server.Url);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();

        long total = 0;
        foreach (var response in scripts.ToList())
        {
            total += Gzipped(await response.BodyAsync());
        }

        Assert.True(scripts.Count >= 2, $"scripts seen: {scripts.Count}");
        Assert.True(total <= FirstVisitBudget, $"first visit loads {total} gzipped bytes of JavaScript: {string.Join(", ", scripts.Select(s => s.Url))}");
    }

    [Fact]
    public async Task A_chat_of_10000_messages_pages_upward_without_jumping_and_keeps_few_elements()
    {
        await using var server = await WebServer.StartAsync();
        var writer = await TestAccounts.Register(server.Address, "Writer");
        var reader = await TestAccounts.Register(server.Address, "Reader");
        await using (var device = await TestAccounts.Device(server.Address, writer))
        {
            // Sixteen sends in flight at a time, as a busy client would pipeline them.
            for (var start = 0; start < 10_000; start += 16)
            {
                await Task.WhenAll(Enumerable.Range(start, Math.Min(16, 10_000 - start))
                    .Select(i => device.Hub.InvokeAsync<JsonElement>("send_message", new { recipientId = reader.Id, message = new { text = $"message {i + 1:D5}" } })));
            }
        }

        await using var ui = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await ui.LoginAsync(reader.Username, reader.Password);
        await ui.OpenChatAsync("Writer");
        await Expect(ui.Message("message 10000")).ToBeVisibleAsync();

        for (var page = 0; page < 8; page++)
        {
            // Scroll to the top and note where the first message stands; the older page that this loads must not move it.
            var before = await ui.Log.EvaluateAsync<JsonElement>(
                "log => { log.scrollTop = 0; const m = log.querySelector('[data-seq]'); return { seq: Number(m.dataset.seq), top: m.getBoundingClientRect().top }; }");
            var seq = before.GetProperty("seq").GetInt32();
            await Expect(ui.Log.Locator($"[data-seq='{seq - 1}']")).ToBeAttachedAsync();
            var top = await ui.Log.Locator($"[data-seq='{seq}']").EvaluateAsync<double>("m => m.getBoundingClientRect().top");
            Assert.True(Math.Abs(top - before.GetProperty("top").GetDouble()) <= 2, $"page {page}: message {seq} moved from {before.GetProperty("top").GetDouble()} to {top}");
            var count = await ui.Log.Locator("[data-seq]").CountAsync();
            Assert.True(count <= MessageElementBudget, $"page {page}: {count} message elements");
        }

        // Far up now: the newest messages left the page, and "jump to latest" brings them back.
        await Expect(ui.Message("message 10000")).ToHaveCountAsync(0);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Jump to latest" }).ClickAsync();
        await Expect(ui.Message("message 10000")).ToBeVisibleAsync();
        Assert.True(await ui.Log.Locator("[data-seq]").CountAsync() <= MessageElementBudget);
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
