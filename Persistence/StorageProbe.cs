namespace ActorMessenger.Persistence;

/// <summary>Runs a backend's trivial query for the health endpoints, bounded in time: null if it answered, else why not.</summary>
public static class StorageProbe
{
    public static async Task<string?> Run(Func<CancellationToken, Task> query, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await Task.Run(() => query(timeout.Token), timeout.Token).WaitAsync(within).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return $"no answer within {within.TotalSeconds:0.#} s";
        }
#pragma warning disable CA1031 // Whatever the driver throws, the answer is "not reachable" and why.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex.Message;
        }
    }
}
