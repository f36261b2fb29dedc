using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

/// <summary>Who may add me, and blocking, as people use them in the messenger.</summary>
[Collection(BrowserSuite.Name)]
public sealed class ConsentBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Nobody_may_add_someone_who_said_so_and_a_block_from_the_chat_info_stops_the_other_until_unblocked()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;

        // Bob lets nobody add him to groups.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Profile and settings" }).ClickAsync();
        var profile = bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Profile and settings" });
        var privacy = profile.GetByRole(AriaRole.Region, new() { Name = "Privacy" });
        await Expect(privacy.GetByRole(AriaRole.Radio, new() { Name = "Everyone" })).ToBeCheckedAsync();
        await privacy.GetByRole(AriaRole.Radio, new() { Name = "Nobody" }).CheckAsync();
        await Expect(privacy.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved");
        await Expect(privacy).ToContainTextAsync("You have not blocked anyone.");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();

        // Alice's new group with Bob in it is refused, with the reason in her language.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New group" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "New group" });
        await dialog.GetByLabel("Group name").FillAsync("Project X");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Bob Brown" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This person's privacy settings do not let you add them to groups or channels.");
        await Expect(alice.ChatRow("Project X")).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();

        // Bob blocks Alice from the chat's info panel.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Chat info" }).ClickAsync();
        var info = bob.Page.GetByRole(AriaRole.Complementary, new() { Name = "Info" });
        await Expect(info).ToContainTextAsync("Alice Archer");
        await info.GetByRole(AriaRole.Button, new() { Name = "Block user" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Block user" }).GetByRole(AriaRole.Button, new() { Name = "Block user" }).ClickAsync();
        await Expect(info.GetByTestId("peer-blocked")).ToHaveTextAsync("You blocked this user.");
        await Expect(bob.Composer).ToHaveCountAsync(0);

        // Alice cannot write to him any more.
        await alice.SendAsync("are you there?");
        var failed = alice.Log.Locator(".msg.failed", new() { HasText = "are you there?" });
        await Expect(failed.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not sent: You cannot write here: one of you has blocked the other.");
        await Expect(bob.Message("are you there?")).ToHaveCountAsync(0);
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Chat info" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Info" })).ToContainTextAsync("Bob Brown");
        await Accessibility.AssertNoSeriousViolationsAsync(alice.Page, "a direct chat's info and a refused message");

        // Bob finds her in his blocked list and unblocks her; her retry goes through.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Profile and settings" }).ClickAsync();
        privacy = bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Profile and settings" }).GetByRole(AriaRole.Region, new() { Name = "Privacy" });
        await Expect(privacy.GetByRole(AriaRole.Radio, new() { Name = "Nobody" })).ToBeCheckedAsync();
        await privacy.GetByRole(AriaRole.Button, new() { Name = "Unblock Alice Archer" }).ClickAsync();
        await Expect(privacy).ToContainTextAsync("You have not blocked anyone.");
        await bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Profile and settings" }).GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        await Expect(info.GetByRole(AriaRole.Button, new() { Name = "Block user" })).ToBeVisibleAsync();
        await Expect(bob.Composer).ToBeVisibleAsync();

        await failed.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(bob.Message("are you there?")).ToBeVisibleAsync();
        await bob.SendAsync("yes, sorry");
        await Expect(alice.Message("yes, sorry")).ToBeVisibleAsync();
    }
}
