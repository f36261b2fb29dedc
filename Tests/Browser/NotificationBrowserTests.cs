using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

[Collection(BrowserSuite.Name)]
public sealed class NotificationBrowserTests(BrowserFixture browser)
{
    // The operating system's notification is not ours to observe: the page's Notification constructor
    // is wrapped to record what the messenger asks for, keeping the permission the browser granted.
    private const string RecordNotifications = """
        (() => {
          const Real = window.Notification;
          window.__notifications = [];
          class Recorded {
            constructor(title, options) { window.__notifications.push({ title, body: options && options.body }); }
            static get permission() { return Real.permission; }
            static requestPermission() { return Real.requestPermission(); }
          }
          window.Notification = Recorded;
        })();
        """;

    [Fact]
    public async Task A_hidden_tab_counts_new_messages_in_its_title_and_notifies_except_for_muted_chats()
    {
        await using var server = await WebServer.StartAsync();
        await using var alice = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await using var bob = await MessengerUi.OpenAsync(browser.Browser, server.Url, permissions: ["notifications"], initScript: RecordNotifications);

        await alice.RegisterAsync("alice", "Alice Archer");
        await bob.RegisterAsync("bob", "Bob Brown");
        await alice.OpenDirectAsync("bob", "Bob Brown");
        await alice.SendAsync("hi");
        await bob.OpenChatAsync("Alice Archer");
        await Expect(bob.Message("hi")).ToBeVisibleAsync();

        // 127.0.0.1 is a secure context: with the permission granted, the profile says notifications are on.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Profile and settings" }).ClickAsync();
        await Expect(bob.Page.GetByTestId("notification-state")).ToHaveTextAsync("Notifications are on");
        await bob.Page.Keyboard.PressAsync("Escape");

        // Bob switches to another tab: two messages make "(2)" in the title, each one a notification.
        await bob.SetHiddenAsync(true);
        await alice.SendAsync("Are you there?");
        await alice.SendAsync("Coffee?");
        await Expect(bob.Page).ToHaveTitleAsync("(2) ActorMessenger");
        Assert.Equal(
            ["New message from Alice Archer: Are you there?", "New message from Alice Archer: Coffee?"],
            await bob.Page.EvaluateAsync<string[]>("() => window.__notifications.map(n => n.title + ': ' + n.body)"));

        // Back on the tab: the count goes, and the open chat is read (Alice sees it).
        await bob.SetHiddenAsync(false);
        await Expect(bob.Page).ToHaveTitleAsync("ActorMessenger");
        await Expect(alice.Message("Coffee?").GetByLabel("Read")).ToBeVisibleAsync();

        // A muted chat stays muted after a reload, and neither counts nor notifies.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Mute notifications" }).ClickAsync();
        await bob.Page.ReloadAsync();
        await bob.WaitConnectedAsync();
        await bob.OpenChatAsync("Alice Archer");
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Unmute notifications" })).ToHaveAttributeAsync("aria-pressed", "true");
        await bob.SetHiddenAsync(true);
        await alice.SendAsync("Muted news");
        await Expect(bob.ChatRow("Alice Archer")).ToContainTextAsync("Muted news");
        await Expect(bob.Page).ToHaveTitleAsync("ActorMessenger");
        Assert.Equal(0, await bob.Page.EvaluateAsync<int>("() => window.__notifications.length"));
    }
}
