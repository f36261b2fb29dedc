using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

[Collection(BrowserSuite.Name)]
public sealed class MessagingBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_people_register_find_each_other_and_talk_live_both_ways()
    {
        await using var server = await WebServer.StartAsync();
        await using var alice = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await using var bob = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await Screenshots.SaveAsync(alice.Page, "login");

        await alice.RegisterAsync("alice", "Alice Archer");
        await bob.RegisterAsync("bob", "Bob Brown");

        await alice.OpenDirectAsync("bob", "Bob Brown");
        await Expect(alice.Page.GetByTestId("chat-status")).ToHaveTextAsync("online");
        await alice.SendAsync("Hello Bob, lunch at noon?");
        await Expect(alice.Message("Hello Bob, lunch at noon?")).ToBeVisibleAsync();

        // Bob's list gets the new chat live, with an unread badge, and the message is there when he opens it.
        await Expect(bob.ChatRow("Alice Archer").GetByLabel("1 unread message")).ToBeVisibleAsync();
        await bob.OpenChatAsync("Alice Archer");
        await Expect(bob.Message("Hello Bob, lunch at noon?")).ToBeVisibleAsync();

        // Alice sees the read tick once Bob has the chat open; then Bob types and she sees it.
        await Expect(alice.Message("Hello Bob, lunch at noon?").GetByLabel("Read")).ToBeVisibleAsync();
        await bob.Composer.PressSequentiallyAsync("Sure");
        await Expect(alice.Page.GetByText("Bob Brown is typing…")).ToBeVisibleAsync();
        await bob.Composer.PressAsync("Enter");
        await Expect(alice.Message("Sure")).ToBeVisibleAsync();

        // Shift+Enter is a new line; Enter sends both lines as one message.
        await bob.Composer.PressSequentiallyAsync("Line one");
        await bob.Composer.PressAsync("Shift+Enter");
        await bob.Composer.PressSequentiallyAsync("Line two");
        await bob.Composer.PressAsync("Enter");
        await Expect(alice.Message("Line one").Locator(".text")).ToHaveTextAsync("Line one\nLine two");

        await Screenshots.SaveAsync(alice.Page, "chat");
    }
}
