namespace ActorMessenger.Tests.Support;

/// <summary>A server of its own for one test, with extra arguments, on a data directory that it removes.</summary>
public sealed class TempDirectoryServer(params string[] args) : IAsyncDisposable
{
    /// <summary>A last say on the server's builder, at every start (e.g. a logger provider).</summary>
    public Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? Customize { get; init; }

    private readonly TempDirectory _data = new();
    private RunningServer? _server;

    public Uri Address => _server!.BaseAddress;

    public IServiceProvider Services => _server!.Services;

    /// <summary>The data directory, to look at the files the server keeps.</summary>
    public string DataPath => _data.Path;

    public async Task StartAsync() => _server = await RunningServer.StartAsync(_data.Path, Customize, args);

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _data.Dispose();
    }
}
