using Xunit;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// Waits for state the server reaches on its own a moment after the event a test saw (projections, actors,
/// the redactor): asks again until the condition holds, or fails with what was last seen at the deadline.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    public static Task Until(Func<bool> condition, Func<string>? explain = null, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), explain, timeout);

    public static async Task Until(Func<Task<bool>> condition, Func<string>? explain = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, explain?.Invoke() ?? "The condition did not come true in time.");
            await Task.Delay(Pause);
        }
    }

    /// <summary>Reads a value until it satisfies <paramref name="done"/>, and returns it.</summary>
    public static async Task<T> UntilValue<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "The value never came right; last seen: " + value);
            await Task.Delay(Pause);
        }
    }
}
