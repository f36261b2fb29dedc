using Microsoft.AspNetCore.SignalR;
using Xunit;

namespace ActorMessenger.Tests.Support;

public static class HubErrors
{
    /// <summary>Runs a hub call that must fail, and returns the error code the server gave.</summary>
    public static async Task<string> CodeOf(Func<Task> call)
    {
        // SignalR prefixes the server's HubException text; the code is the first word of it.
        var error = await Assert.ThrowsAsync<HubException>(call);
        const string marker = "HubException: ";
        var at = error.Message.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, error.Message);
        return error.Message[(at + marker.Length)..].Split(':')[0];
    }
}
