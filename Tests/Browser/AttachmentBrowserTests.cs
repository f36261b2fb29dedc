using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

[Collection(BrowserSuite.Name)]
public sealed class AttachmentBrowserTests(BrowserFixture browser)
{
    // A 2×2 red PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==");

    [Fact]
    public async Task An_image_and_a_file_are_uploaded_and_seen_on_the_other_side()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;

        await Expect(alice.Page.Locator("input[type=file]")).ToHaveCountAsync(1);
        await alice.Page.Locator("input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "red.png", MimeType = "image/png", Buffer = Png },
        });
        var image = bob.Log.GetByRole(AriaRole.Img, new() { Name = "red.png" });
        await Expect(image).ToBeVisibleAsync();
        await Expect(image).ToHaveJSPropertyAsync("naturalWidth", 2);

        await alice.Page.Locator("input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "meeting notes"u8.ToArray() },
        });
        var link = bob.Log.GetByRole(AriaRole.Link, new() { Name = "Download notes.txt" });
        await Expect(link).ToBeVisibleAsync();
        var download = await bob.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("notes.txt", download.SuggestedFilename);

        // The viewer opens the picture large.
        await bob.Log.GetByRole(AriaRole.Button, new() { Name = "Open image red.png" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "red.png" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(bob.Page, "image-viewer");
        await bob.Page.Keyboard.PressAsync("Escape");
        await Expect(bob.Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Images_dropped_or_pasted_into_the_chat_are_sent_and_a_cancelled_upload_sends_nothing()
    {
        await using var server = await WebServer.StartAsync();
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;

        // Dragging files over the chat shows where to drop them; dropping one sends it.
        await DispatchFileEventAsync(alice, ".messages", "dragover", "dropped.png");
        await Expect(alice.Page.Locator(".drop-zone")).ToHaveTextAsync("Drop files to send");
        await DispatchFileEventAsync(alice, ".messages", "drop", "dropped.png");
        await Expect(bob.Log.GetByRole(AriaRole.Img, new() { Name = "dropped.png" })).ToBeVisibleAsync();
        await Expect(alice.Page.Locator(".drop-zone")).ToHaveCountAsync(0);

        // Pasting an image into the composer sends it too.
        await DispatchFileEventAsync(alice, "textarea", "paste", "pasted.png");
        await Expect(bob.Log.GetByRole(AriaRole.Img, new() { Name = "pasted.png" })).ToBeVisibleAsync();

        // An upload the server has not answered yet shows its progress and can be cancelled: nothing is sent.
        var held = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await alice.Page.RouteAsync("**/api/files", route =>
        {
            held.TrySetResult(route);
            return Task.CompletedTask;
        });
        await DispatchFileEventAsync(alice, "textarea", "paste", "cancelled.png");
        await Expect(alice.Page.GetByRole(AriaRole.Progressbar, new() { Name = "Uploading cancelled.png" })).ToBeVisibleAsync();
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel upload" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        await alice.SendAsync("sent after the cancel");
        await Expect(bob.Message("sent after the cancel")).ToBeVisibleAsync();
        await Expect(bob.Log.GetByRole(AriaRole.Img, new() { Name = "cancelled.png" })).ToHaveCountAsync(0);
        await Expect(alice.Log.Locator(".msg.pending")).ToHaveCountAsync(0);
        await Expect(alice.Page.Locator(".toast")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A drag, drop or paste carrying a PNG, as the browser would send it (Playwright has no native
    /// file drag from the desktop): a DataTransfer with the file, on the element the person aims at.
    /// </summary>
    private static async Task DispatchFileEventAsync(MessengerUi ui, string selector, string type, string fileName) =>
        await ui.Page.Locator(selector).First.EvaluateAsync(
            """
            (target, [type, name, base64]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], name, { type: "image/png" }));
              const event = type === "paste"
                ? new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: data })
                : new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data });
              target.dispatchEvent(event);
            }
            """,
            new[] { type, fileName, Convert.ToBase64String(Png) });

    [Fact]
    public async Task A_file_over_the_servers_limit_is_refused_before_uploading_with_the_limit_named()
    {
        await using var server = await WebServer.StartAsync("--Messenger:MaxUploadBytes", "1000");
        var (alice, bob) = await Pair.TalkingAsync(browser, server);
        await using var _ = alice;
        await using var __ = bob;

        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Attach a file (Files up to 1000 B)" })).ToBeVisibleAsync();
        var uploads = 0;
        alice.Page.Request += (_, r) =>
        {
            if (r.Url.Contains("/api/files", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref uploads);
            }
        };
        await alice.Page.Locator("input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "big.bin", MimeType = "application/octet-stream", Buffer = new byte[2000] },
        });
        await Expect(alice.Page.Locator(".toast")).ToContainTextAsync("big.bin is larger than 1000 B");
        Assert.Equal(0, Volatile.Read(ref uploads));
    }
}
