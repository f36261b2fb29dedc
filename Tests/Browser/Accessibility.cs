using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace ActorMessenger.Tests.Browser;

/// <summary>The issue's accessibility bar: an axe scan with no serious or critical violation.</summary>
public static class Accessibility
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        AxeResult result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{screen}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }
}
