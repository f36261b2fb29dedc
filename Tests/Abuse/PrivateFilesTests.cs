using System.Net;
using ActorMessenger.Persistence;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>On Unix, the data directory and everything in it is for the server's user only.</summary>
public sealed class PrivateFilesTests
{
    [Fact]
    public async Task Databases_logs_uploads_backups_and_keys_are_private_and_files_from_before_are_fixed_at_start()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var server = new TempDirectoryServer();
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var oldFolder = Directory.CreateDirectory(Path.Combine(server.DataPath, DataDirectory.FilesFolderName, "from-before"));
        File.SetUnixFileMode(oldFolder.FullName, open | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var oldFile = Path.Combine(oldFolder.FullName, "old.bin");
        await File.WriteAllTextAsync(oldFile, "made by an older version");
        File.SetUnixFileMode(oldFile, open);
        File.SetUnixFileMode(server.DataPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        await server.StartAsync();
        var (a, b) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var device = await TestAccounts.Device(server.Address, a);
        var chatId = (await device.SendText(b.Id, "a file follows")).GetProperty("chatId").GetString()!;
        var fileId = await Uploads.TextFile(device, chatId, "plan.txt", "the plan");
        await device.Send(new { chatId, message = new { type = "file", fileId } });
        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri("/admin/backup", UriKind.Relative), null)).StatusCode);

        var entries = new DirectoryInfo(server.DataPath).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToList();
        Assert.Contains(entries, e => e.Name == DataDirectory.JournalFileName);
        Assert.Contains(entries, e => e.Name == fileId);
        Assert.Contains(entries, e => e.Name.EndsWith(".zip", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Name.EndsWith("-wal", StringComparison.Ordinal));
        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(server.DataPath));
        foreach (var entry in entries)
        {
            UnixFileMode mode;
            try
            {
                mode = File.GetUnixFileMode(entry.FullName);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            Assert.True(mode == (entry is DirectoryInfo ? PrivateFiles.FolderMode : PrivateFiles.FileMode), $"{entry.FullName}: {mode}");
        }
    }
}
