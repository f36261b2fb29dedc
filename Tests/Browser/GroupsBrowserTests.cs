using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

[Collection(BrowserSuite.Name)]
public sealed class GroupsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_group_is_created_with_members_and_a_newcomer_joins_by_invite_link()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New group" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "New group" });
        await dialog.GetByLabel("Group name").FillAsync("Project X");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Bob Brown" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(alice.Page.Locator(".chat-head h2")).ToHaveTextAsync("Project X");
        await Expect(alice.Page.GetByTestId("chat-status")).ToHaveTextAsync("2 members");

        await Expect(bob.ChatRow("Project X")).ToBeVisibleAsync();
        await bob.OpenChatAsync("Project X");
        await Expect(bob.Log).ToContainTextAsync("Alice Archer created “Project X”");
        await bob.SendAsync("Hello group");
        await Expect(alice.Message("Hello group")).ToBeVisibleAsync();
        await Expect(alice.Message("Hello group").Locator(".sender")).ToHaveTextAsync("Bob Brown");

        // The info panel lists members and roles, and gives the owner an invite link.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Chat info" }).ClickAsync();
        var info = alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Info" });
        await Expect(info.Locator(".members .row", new() { HasText = "Bob Brown" })).ToContainTextAsync("member");
        await Expect(info.Locator(".members .row", new() { HasText = "Alice Archer" })).ToContainTextAsync("owner");
        await info.GetByRole(AriaRole.Button, new() { Name = "Show invite link" }).ClickAsync();
        var link = await info.GetByRole(AriaRole.Textbox, new() { Name = "Invite link" }).InputValueAsync();
        Assert.StartsWith(server.Url + "/invite?code=", link, StringComparison.Ordinal);
        await Screenshots.SaveAsync(alice.Page, "group-info");

        // Someone new opens the link, registers, and lands in the group.
        await using var carol = await MessengerUi.OpenAsync(browser.Browser, link);
        await carol.RegisterAsync("carol", "Carol Cole");
        await Expect(carol.Page.Locator(".chat-head h2")).ToHaveTextAsync("Project X");
        await Expect(carol.Page).ToHaveURLAsync(server.Url + "/");
        await Expect(alice.Page.GetByTestId("chat-status")).ToHaveTextAsync("3 members");
        await carol.SendAsync("Thanks for the invite");
        await Expect(bob.Message("Thanks for the invite")).ToBeVisibleAsync();

        // Once revoked, the old link lets nobody else in, and says why.
        await info.GetByRole(AriaRole.Button, new() { Name = "Revoke link" }).ClickAsync();
        await Expect(info).ToContainTextAsync("No invite link: nobody can join by link.");
        await using var dave = await MessengerUi.OpenAsync(browser.Browser, link);
        await dave.RegisterAsync("dave", "Dave Dale");
        await Expect(dave.Page.Locator(".toast")).ToContainTextAsync("This invite link was revoked or replaced.");
        await Expect(dave.ChatRow("Project X")).ToHaveCountAsync(0);

        // The owner's panel: appoint and dismiss an admin, remove someone, add someone, rename.
        await Accessibility.AssertNoSeriousViolationsAsync(alice.Page, "info panel");
        var bobRow = info.Locator(".members .row", new() { HasText = "Bob Brown" });
        await bobRow.GetByRole(AriaRole.Button, new() { Name = "Make admin" }).ClickAsync();
        await Expect(bobRow).ToContainTextAsync("admin");
        await Expect(bob.Log).ToContainTextAsync("Alice Archer made Bob Brown admin");
        await bobRow.GetByRole(AriaRole.Button, new() { Name = "Remove admin" }).ClickAsync();
        await Expect(bobRow.GetByRole(AriaRole.Button, new() { Name = "Make admin" })).ToBeVisibleAsync();

        await info.GetByRole(AriaRole.Button, new() { Name = "Remove Carol Cole" }).ClickAsync();
        await Expect(carol.ChatRow("Project X")).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("chat-status")).ToHaveTextAsync("2 members");

        await info.GetByRole(AriaRole.Button, new() { Name = "Add members" }).ClickAsync();
        await info.GetByRole(AriaRole.Checkbox, new() { Name = "Dave Dale" }).CheckAsync();
        await info.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(dave.ChatRow("Project X")).ToBeVisibleAsync();
        await Expect(info.Locator(".members .row", new() { HasText = "Dave Dale" })).ToContainTextAsync("member");

        await info.GetByRole(AriaRole.Button, new() { Name = "Edit name and description" }).ClickAsync();
        await info.GetByLabel("Group name").FillAsync("Project Y");
        await info.GetByLabel("Description", new() { Exact = true }).FillAsync("Launch plans");
        await info.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(info.Locator(".info-card")).ToContainTextAsync("Launch plans");
        await Expect(bob.Page.Locator(".chat-head h2")).ToHaveTextAsync("Project Y");
        await Expect(bob.Log).ToContainTextAsync("Alice Archer changed the chat info");

        // A new link with limits says what they are.
        await info.GetByRole(AriaRole.Button, new() { Name = "Show invite link" }).ClickAsync();
        await info.GetByLabel("A new link works for").SelectOptionAsync(new SelectOptionValue { Label = "a day" });
        await info.GetByLabel("and lets in at most").FillAsync("1");
        await info.GetByRole(AriaRole.Button, new() { Name = "New link" }).ClickAsync();
        await Expect(info.GetByTestId("invite-state")).ToContainTextAsync("used 0 of 1 time");
        await Expect(info.GetByTestId("invite-state")).ToContainTextAsync("Works until");

        // Esc closes the panel.
        await alice.Page.Keyboard.PressAsync("Escape");
        await Expect(info).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_public_channel_is_found_joined_and_read_only_for_subscribers()
    {
        await using var server = await WebServer.StartAsync();
        await using var alice = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await using var bob = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await alice.RegisterAsync("alice", "Alice Archer");
        await bob.RegisterAsync("bob", "Bob Brown");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New channel" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "New channel" });
        await dialog.GetByLabel("Channel name").FillAsync("Office news");
        await dialog.GetByLabel("Description").FillAsync("Announcements for everyone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create channel" }).ClickAsync();
        await Expect(alice.Page.Locator(".chat-head h2")).ToHaveTextAsync("Office news");
        await alice.SendAsync("Welcome to the news channel");

        // Bob finds it in search (the catalog follows within moments), joins, and reads.
        var search = bob.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search people and channels" });
        var result = bob.Page.Locator(".results section", new() { HasText = "Public channels" }).Locator("button.row", new() { HasText = "Office news" });
        await Retry.UntilPassesAsync(async () =>
        {
            await search.FillAsync(string.Empty);
            await search.FillAsync("news");
            await Expect(result).ToBeVisibleAsync(new() { Timeout = 2_000 });
        });
        await result.ClickAsync();
        await Expect(bob.Page.Locator(".chat-head h2")).ToHaveTextAsync("Office news");
        await Expect(bob.Message("Welcome to the news channel")).ToBeVisibleAsync();
        await Expect(bob.Page.GetByText("Only admins post in this channel.")).ToBeVisibleAsync();
        await Expect(bob.Composer).ToHaveCountAsync(0);
        await Expect(bob.Page.GetByTestId("chat-status")).ToHaveTextAsync("2 subscribers");

        // The owner's count follows subscribers coming and going, live.
        await Expect(alice.Page.GetByTestId("chat-status")).ToHaveTextAsync("2 subscribers");
        await alice.SendAsync("Second post");
        await Expect(bob.Message("Second post")).ToBeVisibleAsync();

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Chat info" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Complementary, new() { Name = "Info" }).GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Leave" }).GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await Expect(bob.ChatRow("Office news")).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("chat-status")).ToHaveTextAsync("1 subscriber");
    }
}
