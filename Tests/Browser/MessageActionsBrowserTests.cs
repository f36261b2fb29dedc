using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

[Collection(BrowserSuite.Name)]
public sealed class MessageActionsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Reply_edit_react_pin_and_delete_show_up_on_both_sides()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;

        await alice.SendAsync("Original message");
        await Expect(bob.Message("Original message")).ToBeVisibleAsync();

        // Bob replies: the quote names Alice's message on both sides, and clicking it finds the original.
        await bob.MessageActionAsync("Original message", "Reply");
        await Expect(bob.Page.GetByText("Reply to Alice Archer")).ToBeVisibleAsync();
        await bob.SendAsync("My reply");
        var quoted = alice.Message("My reply").Locator(".quote");
        await Expect(quoted).ToContainTextAsync("Original message");
        await quoted.ClickAsync();
        await Expect(alice.Log.Locator(".msg.flash", new() { HasText = "Original message" })).ToBeVisibleAsync();

        // Alice edits through the menu, and Up in an empty composer picks her last message too. The field
        // holds the text by the end of the click's own task, so typing at once cannot be overwritten by it.
        var original = alice.Message("Original message");
        await original.HoverAsync();
        await original.GetByRole(AriaRole.Button, new() { Name = "Message actions" }).ClickAsync();
        var inFieldRightAfterClick = await original.GetByRole(AriaRole.Menuitem, new() { Name = "Edit", Exact = true }).EvaluateAsync<string>(
            """
            async item => {
              item.click();
              await new Promise(done => setTimeout(done, 0));
              return document.querySelector("textarea[aria-label='Message']").value;
            }
            """);
        Assert.Equal("Original message", inFieldRightAfterClick);
        await Expect(alice.Page.GetByText("Editing message")).ToBeVisibleAsync();
        await alice.Composer.FillAsync("Original message, edited");
        await alice.Composer.PressAsync("Enter");
        await Expect(bob.Message("Original message, edited").Locator(".edited")).ToHaveTextAsync("edited");
        await alice.Composer.PressAsync("ArrowUp");
        await Expect(alice.Composer).ToHaveValueAsync("Original message, edited");
        await alice.Composer.PressAsync("Escape");
        await Expect(alice.Composer).ToHaveValueAsync(string.Empty);

        // Bob reacts; Alice sees the count and who reacted.
        await bob.MessageActionAsync("Original message, edited", "React 👍");
        await Expect(alice.Message("Original message, edited").GetByRole(AriaRole.Button, new() { Name = "👍 Bob Brown" })).ToBeVisibleAsync();

        // The full emoji picker works offline: its code and data come from our server, nothing leaves its origin.
        var foreign = new List<string>();
        bob.Context.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(server.Url + "/", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal) && !r.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                lock (foreign)
                {
                    foreign.Add(r.Url);
                }
            }
        };
        await bob.MessageActionAsync("Original message, edited", "More emoji");
        var picker = bob.Page.Locator("emoji-picker");
        await picker.GetByRole(AriaRole.Combobox, new() { Name = "Search" }).FillAsync("rocket");
        await picker.GetByRole(AriaRole.Option, new() { Name = "🚀, rocket" }).ClickAsync();
        await Expect(alice.Message("Original message, edited").GetByRole(AriaRole.Button, new() { Name = "🚀 Bob Brown" })).ToBeVisibleAsync();
        lock (foreign)
        {
            Assert.Empty(foreign);
        }

        // The composer's picker is the same one: the emoji lands in the text being written.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Insert emoji" }).ClickAsync();
        var composerPicker = alice.Page.Locator(".composer emoji-picker");
        await composerPicker.GetByRole(AriaRole.Combobox, new() { Name = "Search" }).FillAsync("rocket");
        await composerPicker.GetByRole(AriaRole.Option, new() { Name = "🚀, rocket" }).ClickAsync();
        await Expect(alice.Composer).ToHaveValueAsync("🚀");
        await alice.Composer.FillAsync(string.Empty);

        // Alice pins Bob's reply: both get the pinned bar.
        await alice.MessageActionAsync("My reply", "Pin");
        await Expect(bob.Page.GetByRole(AriaRole.Region, new() { Name = "Pinned message" })).ToContainTextAsync("My reply");
        await Expect(alice.Page.GetByRole(AriaRole.Region, new() { Name = "Pinned message" })).ToContainTextAsync("My reply");
        await Screenshots.SaveAsync(alice.Page, "message-actions");

        // Forwarding picks a chat; the copy names its first author.
        await alice.MessageActionAsync("My reply", "Forward");
        var forward = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Forward to…" });
        await forward.Locator("button.row", new() { HasText = "Bob Brown" }).ClickAsync();
        await Expect(bob.Log.Locator(".msg", new() { HasText = "Forwarded from Bob Brown" })).ToContainTextAsync("My reply");

        // Deleting asks first; then both see the message gone.
        await alice.MessageActionAsync("Original message, edited", "Delete");
        var confirm = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Delete" });
        await Expect(confirm).ToContainTextAsync("Delete this message for everyone?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(bob.Log.Locator(".bubble > em", new() { HasText = "Message deleted" })).ToBeVisibleAsync();
        await Expect(bob.Message("Original message, edited")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task History_and_drafts_survive_a_reload()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;

        await alice.SendAsync("Kept in history");
        await Expect(bob.Message("Kept in history")).ToBeVisibleAsync();
        await alice.Composer.FillAsync("half-written thought");

        await alice.Page.ReloadAsync();
        await alice.WaitConnectedAsync();
        await Expect(alice.ChatRow("Bob Brown")).ToContainTextAsync("Draft:");
        await alice.OpenChatAsync("Bob Brown");
        await Expect(alice.Message("Kept in history")).ToBeVisibleAsync();
        await Expect(alice.Composer).ToHaveValueAsync("half-written thought");
    }
}

/// <summary>Two people who have registered in their own browser contexts and opened their direct chat.</summary>
public static class Pair
{
    public static async Task<(MessengerUi Alice, MessengerUi Bob)> TalkingAsync(BrowserFixture browser, WebServer server, int width = 1200, int height = 800)
    {
        var alice = await MessengerUi.OpenAsync(browser.Browser, server.Url, width, height);
        var bob = await MessengerUi.OpenAsync(browser.Browser, server.Url, width, height);
        await alice.RegisterAsync("alice", "Alice Archer");
        await bob.RegisterAsync("bob", "Bob Brown");
        await alice.OpenDirectAsync("bob", "Bob Brown");
        await alice.SendAsync("hi");
        await bob.OpenChatAsync("Alice Archer");
        await Expect(bob.Message("hi")).ToBeVisibleAsync();
        return (alice, bob);
    }
}
