using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

[Collection(BrowserSuite.Name)]
public sealed class ReconnectBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task After_a_server_restart_both_reconnect_catch_up_and_a_message_typed_offline_arrives_once()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;
        var carol = await TestAccounts.Register(server.Address, "Carol Cole");

        await server.StopAsync();
        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");
        await Expect(bob.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");

        // The server said it was stopping (server_stopping): the page says so until it is back.
        var notice = alice.Page.GetByRole(Microsoft.Playwright.AriaRole.Status).Filter(new() { HasText = "The server is shutting down." });
        await Expect(notice).ToBeVisibleAsync();

        // Typed while the server is down: it waits in the outbox with a clock mark.
        await alice.SendAsync("Written while offline");
        await Expect(alice.Log.Locator(".msg.pending", new() { HasText = "Written while offline" }).GetByRole(Microsoft.Playwright.AriaRole.Img, new() { Name = "Waiting to send" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(alice.Page, "offline");

        await server.StartAgainAsync();

        // Carol writes to Bob right away: whether Bob's page is back yet or not, he gets it once (live or by sync).
        await using (var carolDevice = await TestAccounts.Device(server.Address, carol))
        {
            await carolDevice.Hub.InvokeAsync<System.Text.Json.JsonElement>("send_message", new { recipientId = await UserIdAsync(bob), message = new { text = "While you were away", clientId = "carol-1" } });
        }

        await alice.WaitConnectedAsync();
        await bob.WaitConnectedAsync();
        await Expect(notice).ToHaveCountAsync(0);
        await Expect(bob.Message("Written while offline")).ToHaveCountAsync(1);
        await Expect(alice.Message("Written while offline")).ToHaveCountAsync(1);
        await Expect(alice.Log.Locator(".msg.pending")).ToHaveCountAsync(0);
        await Expect(bob.ChatRow("Carol Cole")).ToBeVisibleAsync();
        await bob.OpenChatAsync("Carol Cole");
        await Expect(bob.Message("While you were away")).ToHaveCountAsync(1);

        // And the conversation goes on live.
        await bob.OpenChatAsync("Alice Archer");
        await bob.SendAsync("Back again");
        await Expect(alice.Message("Back again")).ToHaveCountAsync(1);
    }

    private static async Task<int> UserIdAsync(MessengerUi ui) =>
        await ui.Page.EvaluateAsync<int>("() => JSON.parse(localStorage.getItem('am.session')).user.id");
}
