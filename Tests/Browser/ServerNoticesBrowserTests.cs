using System.Net.Http.Json;
using ActorMessenger.Tests.Support;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

/// <summary>What the server tells a client on its own: demo passwords, update notices, sessions ended elsewhere, blocked accounts.</summary>
[Collection(BrowserSuite.Name)]
public sealed class ServerNoticesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Demo_passwords_update_notices_sessions_ended_elsewhere_and_blocks_are_explained()
    {
        await using var server = await WebServer.StartAsync();

        // The demo admin account on its well-known password is asked to change it first.
        await using var admin = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await admin.LoginAsync("admin", "admin123");
        var profile = admin.Page.GetByRole(AriaRole.Dialog, new() { Name = "Profile and settings" });
        await Expect(profile.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This account still has its demo password. Please change it in your profile.");
        await profile.GetByLabel("Current password").FillAsync("admin123");
        await profile.GetByLabel("New password").FillAsync("admin-new-secret-1");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(profile.GetByRole(AriaRole.Status)).ToHaveTextAsync("Password changed");
        await Expect(profile.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await admin.Page.Keyboard.PressAsync("Escape");

        await using var alice = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await alice.RegisterAsync("alice", "Alice Archer");
        using var adminApi = MessengerClient.Authorized(server.Address, (await MessengerClient.LoginAsync(server.Address, "admin", "admin-new-secret-1")).Token);

        // An update notice shows as a banner (a mandatory one says so) until it is withdrawn.
        (await adminApi.PostAsJsonAsync("/admin/update/push", new { version = "2.0", mandatory = true })).EnsureSuccessStatusCode();
        var banner = alice.Page.Locator(".update-notice");
        await Expect(banner).ToHaveTextAsync("Required update: version 2.0. Please update now.");
        (await adminApi.PostAsync(new Uri("/admin/update/cancel", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Expect(banner).ToHaveCountAsync(0);

        // Alice ends her other session from this one: that browser is back at the login, told why.
        await using var aliceElsewhere = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await aliceElsewhere.LoginAsync("alice");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Profile and settings" }).ClickAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Log out everywhere else" }).ClickAsync();
        await Expect(aliceElsewhere.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(aliceElsewhere.Page.Locator(".toast")).ToContainTextAsync("This session was ended from another device.");
        await alice.Page.Keyboard.PressAsync("Escape");

        // Blocked by an admin: out at once, and the login says the account is blocked.
        var aliceId = await alice.Page.EvaluateAsync<int>("() => JSON.parse(localStorage.getItem('am.session')).user.id");
        (await adminApi.PostAsync(new Uri($"/admin/users/{aliceId}/block", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Expect(alice.Page.Locator(".toast")).ToContainTextAsync("An administrator ended your session.");
        await alice.Page.GetByLabel("Username").FillAsync("alice");
        await alice.Page.GetByLabel("Password").FillAsync(MessengerUi.Password);
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This account is blocked. Ask your administrator.");
    }
}
