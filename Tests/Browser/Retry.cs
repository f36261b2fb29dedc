namespace ActorMessenger.Tests.Browser;

/// <summary>Repeats a check that depends on something becoming true later (e.g. the search index), until a deadline.</summary>
public static class Retry
{
    public static async Task UntilPassesAsync(Func<Task> check, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // Not yet: the check itself waits a little (a locator's timeout) before failing again.
            }
        }
    }
}
