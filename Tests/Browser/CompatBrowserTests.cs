using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

/// <summary>A page written for the old Socket.IO server, using /client-config.js and /socket-client.js.</summary>
[Collection(BrowserSuite.Name)]
public sealed class CompatBrowserTests(BrowserFixture browser)
{
    private const string OldPage = """
        <!doctype html><html><head><title>old page</title>
        <script src="/client-config.js"></script>
        <script src="/socket-client.js"></script>
        </head><body><ul id="log"></ul>
        <script>
          socketClient.onMessage(function (data) {
            var li = document.createElement("li");
            li.textContent = data.message.text;
            document.getElementById("log").appendChild(li);
          });
          window.start = function (username, password) {
            return socketClient.connect({ username: username, password: password }).then(function (me) {
              document.title = "connected as " + me.userId;
              return me.userId;
            });
          };
          window.send = function (recipientId, text) {
            return socketClient.sendMessage(null, recipientId, text).then(function (m) { return m.seq; });
          };
        </script></body></html>
        """;

    [Fact]
    public async Task An_old_style_page_connects_sends_and_receives_through_socketClient()
    {
        await using var server = await WebServer.StartAsync();
        var alice = await TestAccounts.Register(server.Address, "Alice");
        var bob = await TestAccounts.Register(server.Address, "Bob");
        await using var bobDevice = await TestAccounts.Device(server.Address, bob);

        var context = await browser.Browser.NewContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();
        var url = server.Url + "/old-page.html";

        // Served from the same origin (as the old server served its pages) but not by our server, so it has no CSP of ours.
        await page.RouteAsync(url, route => route.FulfillAsync(new() { ContentType = "text/html", Body = OldPage }));
        await page.GotoAsync(url);
        Assert.Equal(server.Url, await page.EvaluateAsync<string>("() => SERVER_CONFIG.serverUrl"));

        // Playwright waits for a page's promise without end: a client that never connects must fail the test, not hang the run.
        var userId = await page.EvaluateAsync<int>("([u, p]) => start(u, p)", new[] { alice.Username, alice.Password }).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(alice.Id, userId);

        var seq = await page.EvaluateAsync<int>("([to, text]) => send(to, text)", new object[] { bob.Id, "sent the old way" }).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(seq > 0);
        var received = await bobDevice.Next("new_message", m => m.GetProperty("message").GetProperty("text").GetString() == "sent the old way");
        Assert.Equal(alice.Id, received.GetProperty("message").GetProperty("senderId").GetInt32());

        await bobDevice.Hub.InvokeAsync<JsonElement>("send_message", new { recipientId = alice.Id, message = new { text = "answer to the old page" } });
        await Expect(page.Locator("#log li")).ToHaveTextAsync("answer to the old page");
    }
}
