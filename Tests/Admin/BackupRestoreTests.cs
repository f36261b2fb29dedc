using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ActorMessenger.Admin.Backups;
using ActorMessenger.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ActorMessenger.Tests.Admin;

public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_backup_taken_while_messages_stream_in_holds_every_acknowledged_message_and_restores_exactly_its_state()
    {
        using var liveData = new TempDirectory();
        using var restoredData = new TempDirectory();
        using var scratch = new TempDirectory();

        // A small window and snapshot interval: recovery after the restore goes through snapshots and the history store.
        string[] small = ["--Hocon:messenger:chat:recent-window", "10", "--Hocon:messenger:chat:snapshot-every", "25", "--Messenger:Backups:Every", "0"];
        var acks = new ConcurrentQueue<(string ChatId, long Seq, string Text)>();
        var chats = new HashSet<string>();
        string zipPath;
        string fileId;
        TestUser a;
        await using (var live = await RunningServer.StartAsync(liveData.Path, small))
        {
            a = await TestAccounts.Register(live.BaseAddress);
            var b = await TestAccounts.Register(live.BaseAddress);
            var c = await TestAccounts.Register(live.BaseAddress);
            var d = await TestAccounts.Register(live.BaseAddress);
            await using var aDev = await TestAccounts.Device(live.BaseAddress, a);
            await using var bDev = await TestAccounts.Device(live.BaseAddress, b);
            await using var cDev = await TestAccounts.Device(live.BaseAddress, c);

            var first = await aDev.SendText(b.Id, "первое");
            var abChat = first.GetProperty("chatId").GetString()!;
            acks.Enqueue((abChat, first.GetProperty("seq").GetInt64(), "первое"));
            fileId = await BackupEndpointTests.Upload(aDev, abChat, "вложение до копии"u8.ToArray());
            var withFile = await aDev.Send(new { chatId = abChat, message = new { type = "file", fileId, text = "с файлом" } });
            acks.Enqueue((abChat, withFile.GetProperty("seq").GetInt64(), "с файлом"));

            using var stop = new CancellationTokenSource();
            async Task Stream(MessengerClient from, int to, string tag)
            {
                for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
                {
                    var text = $"{tag}{i}";
                    var ack = await from.SendText(to, text);
                    acks.Enqueue((ack.GetProperty("chatId").GetString()!, ack.GetProperty("seq").GetInt64(), text));
                }
            }

            var senders = new[] { Stream(aDev, b.Id, "ab"), Stream(bDev, a.Id, "ba"), Stream(cDev, d.Id, "cd") };
            await Poll.Until(() => acks.Count >= 40);

            // Everything acknowledged before the backup is asked for must be in it.
            var acknowledgedBefore = acks.ToArray();
            using var admin = MessengerClient.Authorized(live.BaseAddress, (await MessengerClient.LoginAsync(live.BaseAddress, "admin", "admin123")).Token);
            var name = await BackupEndpointTests.CreateBackup(admin);
            var countAtAnswer = acks.Count;
            await Poll.Until(() => acks.Count >= countAtAnswer + 20 || senders.All(s => s.IsCompleted));
            await stop.CancelAsync();
            await Task.WhenAll(senders);

            zipPath = Path.Combine(scratch.Path, name);
            await File.WriteAllBytesAsync(zipPath, await admin.GetByteArrayAsync(new Uri($"/admin/backups/{name}", UriKind.Relative)));
            Assert.Subset(acks.ToHashSet(), acknowledgedBefore.ToHashSet());
            foreach (var ack in acks)
            {
                chats.Add(ack.ChatId);
            }

            AssertDatabasesPassIntegrityCheck(zipPath, scratch.Path);
            Assert.True(ManifestOf(zipPath).Counts["messages"] >= acknowledgedBefore.Length);

            // Restored on another data directory (the live server still runs on its own).
            await using var restored = await RunningServer.StartAsync(restoredData.Path, [.. small, "--restore", zipPath]);

            // The signing key came back too: the token from before still works.
            using var http = MessengerClient.Authorized(restored.BaseAddress, a.Token);
            var sent = acks.GroupBy(x => x.ChatId).ToDictionary(g => g.Key, g => g.ToDictionary(x => x.Seq, x => x.Text));
            var restoredCount = 0;
            foreach (var chatId in chats)
            {
                var reader = chatId == abChat ? http : MessengerClient.Authorized(restored.BaseAddress, c.Token);
                var history = await AllHistory(reader, chatId);
                restoredCount += history.Count;

                // Gap-free from 1, each message as it was acknowledged: a prefix of what the live server took.
                Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Seq));
                Assert.All(history, m => Assert.Equal(sent[chatId][m.Seq], m.Text));
                Assert.All(acknowledgedBefore.Where(x => x.ChatId == chatId), x => Assert.Contains((x.Seq, x.Text), history));
            }

            Assert.Equal(ManifestOf(zipPath).Counts["messages"], restoredCount);
            Assert.Equal("вложение до копии"u8.ToArray(), await http.GetByteArrayAsync(new Uri($"/api/files/{fileId}", UriKind.Relative)));
        }
    }

    [Fact]
    public async Task Restoring_over_live_data_keeps_the_replaced_data_aside_and_the_chat_goes_on_from_the_backup()
    {
        using var data = new TempDirectory();
        string[] args = ["--Messenger:Backups:Every", "0"];
        TestUser a, b;
        string chatId, name;
        await using (var server = await RunningServer.StartAsync(data.Path, args))
        {
            a = await TestAccounts.Register(server.BaseAddress);
            b = await TestAccounts.Register(server.BaseAddress);
            await using var aDev = await TestAccounts.Device(server.BaseAddress, a);
            chatId = (await aDev.SendText(b.Id, "m1")).GetProperty("chatId").GetString()!;
            for (var i = 2; i <= 5; i++)
            {
                await aDev.SendText(b.Id, $"m{i}");
            }

            using var admin = MessengerClient.Authorized(server.BaseAddress, (await MessengerClient.LoginAsync(server.BaseAddress, "admin", "admin123")).Token);
            name = await BackupEndpointTests.CreateBackup(admin);
            for (var i = 6; i <= 8; i++)
            {
                await aDev.SendText(b.Id, $"after backup {i}");
            }
        }

        var backup = Path.Combine(data.Path, "backups", name);
        await using (var server = await RunningServer.StartAsync(data.Path, [.. args, "--restore", backup]))
        {
            using var http = MessengerClient.Authorized(server.BaseAddress, a.Token);
            var history = await AllHistory(http, chatId);
            Assert.Equal(["m1", "m2", "m3", "m4", "m5"], history.Select(m => m.Text));

            await using var aDev = await TestAccounts.Device(server.BaseAddress, a);
            Assert.Equal(6, (await aDev.SendText(b.Id, "after restore")).GetProperty("seq").GetInt64());
        }

        // What was replaced is kept whole: its journal still has the three later messages.
        var replaced = Assert.Single(Directory.GetDirectories(data.Path, "replaced_*"));
        Assert.True(File.Exists(Path.Combine(replaced, "messenger.db")));
        Assert.True(File.Exists(Path.Combine(replaced, "signing.key")));
        Assert.True(File.Exists(backup));
        Assert.Empty(Directory.GetDirectories(data.Path, ".restore-*"));
        await using (var old = await RunningServer.StartAsync(replaced, args))
        {
            using var http = MessengerClient.Authorized(old.BaseAddress, a.Token);
            Assert.Equal(8, (await AllHistory(http, chatId)).Count);
        }
    }

    [Fact]
    public async Task Retention_keeps_the_newest_backups_and_a_schedule_takes_them_by_itself()
    {
        using var data = new TempDirectory();
        await using (var server = await RunningServer.StartAsync(data.Path, "--Messenger:Backups:Every", "0", "--Messenger:Backups:Keep", "2"))
        {
            using var admin = MessengerClient.Authorized(server.BaseAddress, (await MessengerClient.LoginAsync(server.BaseAddress, "admin", "admin123")).Token);
            var made = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                made.Add(await BackupEndpointTests.CreateBackup(admin));
            }

            Assert.Equal(made[1..].AsEnumerable().Reverse(), await Names(admin));
        }

        using var scheduledData = new TempDirectory();
        await using (var server = await RunningServer.StartAsync(scheduledData.Path, "--Messenger:Backups:Every", "00:00:01", "--Messenger:Backups:Keep", "0"))
        {
            using var admin = MessengerClient.Authorized(server.BaseAddress, (await MessengerClient.LoginAsync(server.BaseAddress, "admin", "admin123")).Token);
            await Poll.Until(async () => (await Names(admin)).Count >= 2);
            var status = await admin.GetFromJsonAsync<JsonElement>("/admin/backups/current");
            Assert.Equal("scheduled", status.GetProperty("last").GetProperty("trigger").GetString());
        }
    }

    internal static async Task<List<(long Seq, string Text)>> AllHistory(HttpClient http, string chatId)
    {
        var messages = new List<(long Seq, string Text)>();
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=200");
        while (true)
        {
            messages.InsertRange(0, page.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("text").GetString()!)));
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return messages;
            }

            page = await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=200&before={messages[0].Seq}");
        }
    }

    internal static BackupManifest ManifestOf(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var stream = zip.GetEntry(BackupManifest.EntryName)!.Open();
        return JsonSerializer.Deserialize<BackupManifest>(stream, BackupManifest.Json)!;
    }

    private static void AssertDatabasesPassIntegrityCheck(string zipPath, string scratch)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        foreach (var database in new[] { "messenger.db", "snapshots.db", "history.db" })
        {
            var path = Path.Combine(scratch, "check-" + database);
            zip.GetEntry(database)!.ExtractToFile(path);
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", check.ExecuteScalar());
        }
    }

    private static async Task<List<string?>> Names(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/admin/backups")).GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("name").GetString())];


}
