using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

[Collection(BrowserSuite.Name)]
public sealed class LayoutBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task On_a_phone_sized_screen_the_list_and_the_chat_take_turns()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server, width: 390, height: 780);
        await using var _ = alice;
        await using var __ = bob;

        // In the chat: no list beside it, a back button, and the composer at the bottom of the screen.
        await Expect(alice.ChatList).ToBeHiddenAsync();
        var composerBox = await alice.Composer.BoundingBoxAsync();
        Assert.NotNull(composerBox);
        Assert.True(composerBox.Y + composerBox.Height <= 780 && composerBox.Y > 600, $"composer at {composerBox.Y}");
        await alice.SendAsync("From my phone");
        await Expect(bob.Message("From my phone")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(alice.Page, "phone-chat");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Back to chats" }).ClickAsync();
        await Expect(alice.ChatList).ToBeVisibleAsync();
        await Expect(alice.Log).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(alice.Page, "phone-list");
    }

    [Fact]
    public async Task A_Russian_browser_gets_Russian_text_with_correct_plurals_and_can_switch()
    {
        await using var server = await WebServer.StartAsync();
        await using var ivan = await MessengerUi.OpenAsync(browser.Browser, server.Url, locale: "ru-RU");
        await Expect(ivan.Page.GetByRole(AriaRole.Button, new() { Name = "Войти" })).ToBeVisibleAsync();
        await Expect(ivan.Page.Locator("html")).ToHaveAttributeAsync("lang", "ru");

        await ivan.Page.GetByRole(AriaRole.Button, new() { Name = "Нет аккаунта? Создайте" }).ClickAsync();
        await ivan.Page.GetByLabel("Имя пользователя").FillAsync("ivan");
        await ivan.Page.GetByLabel("Ваше имя").FillAsync("Иван Петров");
        await ivan.Page.GetByLabel("Пароль").FillAsync(MessengerUi.Password);
        await ivan.Page.GetByRole(AriaRole.Button, new() { Name = "Создать аккаунт" }).ClickAsync();
        await Expect(ivan.Page.Locator(".conn[data-state=connected]")).ToHaveTextAsync("Подключено");

        await ivan.Page.GetByRole(AriaRole.Button, new() { Name = "Новый канал" }).ClickAsync();
        var dialog = ivan.Page.GetByRole(AriaRole.Dialog, new() { Name = "Новый канал" });
        await dialog.GetByLabel("Название канала").FillAsync("Новости");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Создать канал" }).ClickAsync();
        await Expect(ivan.Page.GetByTestId("chat-status")).ToHaveTextAsync("1 подписчик");
        await ivan.Page.GetByRole(AriaRole.Textbox, new() { Name = "Сообщение", Exact = true }).FillAsync("Первая новость");
        await ivan.Page.GetByRole(AriaRole.Textbox, new() { Name = "Сообщение", Exact = true }).PressAsync("Enter");
        await Expect(ivan.Message("Первая новость")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(ivan.Page, "russian");

        await ivan.Page.GetByRole(AriaRole.Button, new() { Name = "Профиль и настройки" }).ClickAsync();
        await ivan.Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(ivan.Page.GetByTestId("chat-status")).ToHaveTextAsync("1 subscriber");
    }

    // Plain HTTP has no async clipboard: the messenger copies through a selected, hidden textarea.
    // What that copy command took is recorded here; the system clipboard is outside the page.
    private const string RecordCopies = """
        (() => {
          const copy = document.execCommand.bind(document);
          document.execCommand = (command, ...rest) => {
            if (command === "copy") {
              const area = document.activeElement instanceof HTMLTextAreaElement ? document.activeElement : [...document.querySelectorAll("body > textarea")].pop();
              window.__copied = area ? area.value.slice(area.selectionStart, area.selectionEnd) : null;
            }
            return copy(command, ...rest);
          };
        })();
        """;

    [Fact]
    public async Task Under_a_LAN_host_name_over_plain_HTTP_it_still_works()
    {
        await using var server = await WebServer.StartAsync();
        var lanUrl = $"http://{BrowserFixture.LanHost}:{server.Port}/";
        await using var alice = await MessengerUi.OpenAsync(browser.Browser, lanUrl, initScript: RecordCopies);
        await using var bob = await MessengerUi.OpenAsync(browser.Browser, lanUrl);
        Assert.False(await alice.Page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.False(await alice.Page.EvaluateAsync<bool>("() => typeof crypto.randomUUID === 'function'"));

        await alice.RegisterAsync("alice", "Alice Archer");
        await bob.RegisterAsync("bob", "Bob Brown");
        await alice.OpenDirectAsync("bob", "Bob Brown");
        await alice.SendAsync("Over the LAN");
        await Expect(bob.ChatRow("Alice Archer")).ToBeVisibleAsync();
        await bob.OpenChatAsync("Alice Archer");
        await Expect(bob.Message("Over the LAN")).ToBeVisibleAsync();
        await bob.SendAsync("Received");
        await Expect(alice.Message("Received")).ToBeVisibleAsync();

        // Copy works without the async clipboard, and the profile says why notifications are off.
        await alice.MessageActionAsync("Received", "Copy text");
        Assert.Equal("Received", await alice.Page.EvaluateAsync<string>("() => window.__copied"));
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Profile and settings" }).ClickAsync();
        await Expect(alice.Page.GetByTestId("notification-state")).ToContainTextAsync("HTTPS or localhost");
    }

    [Fact]
    public async Task The_main_screens_have_no_serious_accessibility_violations_and_Ctrl_K_switches_chats()
    {
        await using var server = await WebServer.StartAsync();
        await using var login = await MessengerUi.OpenAsync(browser.Browser, server.Url);
        await Expect(login.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(login.Page, "login");

        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;
        await bob.SendAsync("A reply to check the log");
        await Expect(alice.Message("A reply to check the log")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(alice.Page, "chat");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Profile and settings" }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(alice.Page, "profile");
        await alice.Page.Keyboard.PressAsync("Escape");

        await alice.Page.Keyboard.PressAsync("Control+K");
        var switcher = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Go to chat" });
        await Expect(switcher).ToBeVisibleAsync();
        await switcher.GetByRole(AriaRole.Searchbox).FillAsync("bob");
        await switcher.GetByRole(AriaRole.Searchbox).PressAsync("Enter");
        await Expect(switcher).ToBeHiddenAsync();
        await Expect(alice.Page.Locator(".chat-head h2")).ToHaveTextAsync("Bob Brown");
    }
}
