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

        // The tick is still "read" after a reload: the chat list says how far the other side has read.
        await alice.Page.ReloadAsync();
        await alice.WaitConnectedAsync();
        await alice.OpenChatAsync("Bob Brown");
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

        // Full-text search finds the message and opens it in its chat.
        await bob.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search people and channels" }).FillAsync("lunch");
        var hit = bob.Page.Locator(".results section", new() { HasText = "Messages" }).Locator("button.row", new() { HasText = "lunch at noon" });
        await Retry.UntilPassesAsync(async () =>
        {
            await bob.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search people and channels" }).FillAsync(string.Empty);
            await bob.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search people and channels" }).FillAsync("lunch");
            await Expect(hit).ToBeVisibleAsync(new() { Timeout = 2_000 });
        });
        await hit.ClickAsync();
        await Expect(bob.Log.Locator(".msg.flash", new() { HasText = "Hello Bob, lunch at noon?" })).ToBeVisibleAsync();

        // Bob closes his browser: Alice sees when he was last online.
        await bob.Page.CloseAsync();
        await Expect(alice.Page.GetByTestId("chat-status")).ToHaveTextAsync("last seen just now");
    }

    [Fact]
    public async Task Profile_changes_the_name_and_password_and_logout_forgets_the_session()
    {
        await using var server = await WebServer.StartAsync();
        await using var alice = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await alice.RegisterAsync("alice", "Alice Archer");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Profile and settings" }).ClickAsync();
        var profile = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Profile and settings" });
        await Expect(profile.GetByRole(AriaRole.Region, new() { Name = "Where you are logged in" })).ToContainTextAsync("this device");
        await profile.GetByLabel("Name", new() { Exact = true }).FillAsync("Alice A. Archer");
        await profile.GetByLabel("About").FillAsync("Accounting, 2nd floor");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(profile.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved");

        await profile.GetByLabel("Current password").FillAsync(MessengerUi.Password);
        await profile.GetByLabel("New password").FillAsync("another-secret-1");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(profile.GetByRole(AriaRole.Status)).ToHaveTextAsync("Password changed");

        await profile.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        Assert.Null(await alice.Page.EvaluateAsync<string?>("() => localStorage.getItem('am.session')"));

        // The session does not come back with a reload; the new password lets her in.
        await alice.Page.ReloadAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await alice.LoginAsync("alice", "another-secret-1");
    }
}
