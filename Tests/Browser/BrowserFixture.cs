using Microsoft.Playwright;
using Xunit;

namespace ActorMessenger.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests: Debian's <c>/usr/bin/chromium</c> (test.sh installs it)
/// driven by Playwright's own driver; nothing is downloaded. <c>lan.test</c> resolves to loopback so a
/// test can open the client under a LAN-like, not secure, origin.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string LanHost = "lan.test";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium package.");
        }

        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                $"--host-resolver-rules=MAP {LanHost} 127.0.0.1",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

// Run alone, after the parallel tests: Chromium and two clients on two cores would starve timing-sensitive neighbours.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserSuite : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
