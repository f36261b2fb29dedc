using Microsoft.Playwright;

namespace ActorMessenger.Tests.Browser;

/// <summary>
/// Screenshots of the main screens. Every run writes them under the test output; with
/// <c>UPDATE_SCREENSHOTS=1</c> they also replace the ones the README shows (docs/screenshots).
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(output);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, name + ".png") });
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1" && RepositoryRoot() is { } root)
        {
            var docs = Path.Combine(root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, name + ".png"), bytes);
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorMessenger.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
