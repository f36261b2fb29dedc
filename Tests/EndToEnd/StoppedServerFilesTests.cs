using ActorMessenger.Tests.Admin;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>
/// A server stopped in this process (as the tests and the admin panel's restart stop it) holds none of
/// its data files open: each database's last connection has folded its write-ahead log in, and a backup
/// or a restore may copy or move the folder. Read from the process's own descriptors (Linux).
/// </summary>
public sealed class StoppedServerFilesTests
{
    [Fact]
    public async Task A_stopped_server_holds_none_of_its_data_files_open()
    {
        using var data = new TempDirectory();
        await using (var server = await RunningServer.StartAsync(data.Path, "--Messenger:Backups:Every", "0"))
        {
            // Every store gets used: sessions, messages and snapshots, history, an upload and a backup.
            var user = await TestAccounts.Register(server.BaseAddress);
            var peer = await TestAccounts.Register(server.BaseAddress);
            await using var device = await TestAccounts.Device(server.BaseAddress, user);
            var chatId = (await device.SendText(peer.Id, "сообщение")).GetProperty("chatId").GetString()!;
            await BackupEndpointTests.Upload(device, chatId, "файл"u8.ToArray());
            using var admin = MessengerClient.Authorized(server.BaseAddress, (await MessengerClient.LoginAsync(server.BaseAddress, "admin", "admin123")).Token);
            await BackupEndpointTests.CreateBackup(admin);
            Assert.NotEmpty(OpenUnder(data.Path));
        }

        Assert.Empty(OpenUnder(data.Path));
        Assert.Empty(Directory.GetFiles(data.Path, "*-wal"));

        // A refused restore (exit code 2) opens nothing of the data and leaves nothing open either.
        var bad = Path.Combine(data.Path, "backups", "truncated.zip");
        await File.WriteAllBytesAsync(bad, new byte[100]);
        Assert.Equal(2, await ActorMessenger.Gateway.Hosting.MessengerServer.RunAsync(["--host", "127.0.0.1", "--port", "0", "--data-dir", data.Path, "--restore", bad]));
        Assert.Empty(OpenUnder(data.Path));
    }

    private static List<string> OpenUnder(string folder)
    {
        var prefix = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var open = new List<string>();
        foreach (var descriptor in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith(prefix, StringComparison.Ordinal))
                {
                    open.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed between the listing and the read.
            }
        }

        return open;
    }
}
