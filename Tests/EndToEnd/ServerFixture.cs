using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>One real server per test class, on a temp data directory.</summary>
public sealed class ServerFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TempDirectoryServer _server = new();

    public Uri Address => _server.Address;

    public string DataPath => _server.DataPath;

    public IServiceProvider Services => _server.Services;

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await _server.DisposeAsync();
}
