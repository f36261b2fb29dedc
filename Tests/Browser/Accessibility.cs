using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace ActorMessenger.Tests.Browser;

/// <summary>
/// The issue's accessibility bar: an axe scan with no serious or critical violation. It also runs
/// <c>label-content-name-mismatch</c>, which axe leaves off as experimental: a button whose visible text
/// (an avatar's initials) is not in its name cannot be clicked by saying what it shows.
/// </summary>
public static class Accessibility
{
    private static readonly AxeRunOptions Options = new()
    {
        Rules = new Dictionary<string, RuleOptions> { ["label-content-name-mismatch"] = new() { Enabled = true } },
    };

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        AxeResult result = await page.RunAxe(Options);
        Assert.Contains(result.Passes.Concat(result.Violations).Concat(result.Incomplete).Concat(result.Inapplicable), r => r.Id == "label-content-name-mismatch");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{screen}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }
}
