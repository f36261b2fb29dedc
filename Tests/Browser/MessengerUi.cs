using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

/// <summary>One person's browser window on the messenger, driven the way a person uses it: by labels and roles.</summary>
public sealed class MessengerUi(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public const string Password = "secret-123456";

    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    public ILocator Log => Page.GetByRole(AriaRole.Log);

    public ILocator Composer => Page.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });

    public ILocator ChatList => Page.GetByRole(AriaRole.Navigation, new() { Name = "Chats" });

    public ILocator ConnectionState => Page.Locator(".conn");

    /// <param name="permissions">What the browser grants the page (e.g. <c>notifications</c>).</param>
    /// <param name="initScript">Runs in the page before its own scripts, on every load.</param>
    public static async Task<MessengerUi> OpenAsync(
        IBrowser browser, string url, int width = 1200, int height = 800, string locale = "en-US", string[]? permissions = null, string? initScript = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            Permissions = permissions,
        });
        if (initScript is not null)
        {
            await context.AddInitScriptAsync(initScript);
        }

        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return new MessengerUi(context, page);
    }

    public async Task RegisterAsync(string username, string fullName)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "No account yet? Create one" }).ClickAsync();
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Your name").FillAsync(fullName);
        await Page.GetByLabel("Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await WaitConnectedAsync();
    }

    public async Task LoginAsync(string username, string password = Password)
    {
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await WaitConnectedAsync();
    }

    public Task WaitConnectedAsync() => Expect(Page.Locator(".conn[data-state=connected]")).ToBeVisibleAsync();

    /// <summary>Finds a person through the search box and opens the direct chat with them.</summary>
    public async Task OpenDirectAsync(string query, string fullName)
    {
        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search people and channels" }).FillAsync(query);
        await Page.Locator(".results section").First.Locator("button.row", new() { HasText = fullName }).ClickAsync();
        await Expect(Page.Locator(".chat-head h2")).ToHaveTextAsync(fullName);
    }

    public async Task OpenChatAsync(string title)
    {
        await ChatRow(title).ClickAsync();
        await Expect(Page.Locator(".chat-head h2")).ToHaveTextAsync(title);
    }

    public ILocator ChatRow(string title) => ChatList.Locator("button.row", new() { HasText = title });

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    /// <summary>A message by its own text (not by a reply's quote of it).</summary>
    public ILocator Message(string text) => Log.Locator(".msg").Filter(new() { Has = Page.Locator(".bubble > .text", new() { HasText = text }) });

    public async Task MessageActionAsync(string text, string action)
    {
        var message = Message(text);
        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Message actions" }).ClickAsync();
        await message.GetByRole(AriaRole.Menuitem, new() { Name = action, Exact = true }).ClickAsync();
    }

    /// <summary>
    /// Makes the page believe its tab is hidden (or visible again): headless Chromium has no tabs to
    /// switch, so the page's own visibility properties are overridden and the event the browser would send is sent.
    /// </summary>
    public Task SetHiddenAsync(bool hidden) => Page.EvaluateAsync(
        """
        hidden => {
          if (hidden) {
            Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
            Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
          } else {
            delete document.visibilityState;
            delete document.hidden;
          }
          document.dispatchEvent(new Event("visibilitychange"));
        }
        """,
        hidden);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
