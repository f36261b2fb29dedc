using System.Net;
using System.Net.Sockets;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Console;

/// <summary>A start that cannot work ends with one sentence saying what to do, and exit code 1: the real process.</summary>
public sealed class BadStartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static Task<(int ExitCode, string Output)> Run(int port, string dataDir) =>
        GatewayProcess.RunToExit("dotnet", GatewayProcess.GatewayCommand(GatewayProcess.ServerArguments(port, dataDir)), Deadline);

    [Fact]
    public async Task A_port_already_taken_names_the_address_and_suggests_another_port()
    {
        using var data = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, output) = await Run(port, data.Path);
        Assert.Equal(1, code);
        Assert.Contains($"Cannot listen on http://127.0.0.1:{port}: the port is already in use", output, StringComparison.Ordinal);
        Assert.Contains("--port N", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_says_so_and_suggests_another()
    {
        using var work = new TempDirectory();
        var file = Path.Combine(work.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var (code, output) = await Run(GatewayProcess.FreePort(), Path.Combine(file, "data"));
        Assert.Equal(1, code);
        Assert.Contains($"The data directory {Path.Combine(file, "data")} cannot be created or written", output, StringComparison.Ordinal);
        Assert.Contains("--data-dir PATH", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_another_server_uses_is_refused_while_that_server_keeps_running()
    {
        using var data = new TempDirectory();
        await using var first = await GatewayProcess.StartServer(GatewayProcess.FreePort(), data.Path);
        var (code, output) = await Run(GatewayProcess.FreePort(), data.Path);
        Assert.Equal(1, code);
        Assert.Contains($"Another ActorMessenger server is using the data directory {data.Path}. Stop it, or give this one its own --data-dir.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        await first.WaitUntilHealthy(Deadline);
    }

    [Fact]
    public async Task A_damaged_database_names_the_file_and_says_to_restore_a_backup()
    {
        using var data = new TempDirectory();
        var journal = Path.Combine(data.Path, "messenger.db");
        await File.WriteAllBytesAsync(journal, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 % 251))]);
        var (code, output) = await Run(GatewayProcess.FreePort(), data.Path);
        Assert.Equal(1, code);
        Assert.Contains($"The database {journal} is damaged", output, StringComparison.Ordinal);
        Assert.Contains("--restore", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal(8192, new FileInfo(journal).Length);
    }
}
