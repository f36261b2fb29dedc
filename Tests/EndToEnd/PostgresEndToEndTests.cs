using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>
/// The real server with <c>--db</c> on the private PostgreSQL. Each start gets a fresh data directory:
/// whatever survives (messages, the token signing key, file bytes, search) came from the database.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class PostgresEndToEndTests(PostgresInstance postgres)
{
    [Fact]
    public async Task Every_acknowledged_message_and_file_is_there_after_a_kill_9_and_a_start_on_another_data_directory()
    {
        var db = postgres.CreateDatabase();
        using var firstData = new TempDirectory();
        var port = GatewayProcess.FreePort();
        var acknowledged = new List<(long Seq, string Text)>();
        string chatId, fileId, token2;
        int id1, id2;
        var fileBytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("отчёт за квартал; ", 30_000)));
        await using (var first = await GatewayProcess.StartServer(port, firstData.Path, null, "--db", db, "--Hocon:messenger:chat:snapshot-every", "25", "--Logging:LogLevel:ActorMessenger.Gateway.Hosting.StartupBanner", "Information"))
        {
            Assert.Matches(@"Storage: +PostgreSQL database", first.Output);
            (id1, var token1) = await MessengerClient.LoginAsync(first.Address, "user1", "123456");
            (id2, token2) = await MessengerClient.LoginAsync(first.Address, "user2", "123456");
            await using var one = await MessengerClient.ConnectAsync(first.Address, id1, token1);
            await using var two = await MessengerClient.ConnectAsync(first.Address, id2, token2);
            var sends = Enumerable.Range(0, 60).Select(i => (i % 3 == 0 ? two : one).SendText(i % 3 == 0 ? id1 : id2, $"сообщение{i} message{i}", clientId: $"c{i}")).ToList();
            foreach (var ack in await Task.WhenAll(sends))
            {
                acknowledged.Add((ack.GetProperty("seq").GetInt64(), ack.GetProperty("text").GetString()!));
            }

            chatId = (await one.SendText(id2, "Встреча в пятницу, café")).GetProperty("chatId").GetString()!;
            acknowledged.Add((61, "Встреча в пятницу, café"));
            fileId = await Uploads.File(one, chatId, "отчёт.txt", fileBytes, "text/plain");
            var sent = await one.Send(new { chatId, message = new { type = "file", fileId } });
            acknowledged.Add((sent.GetProperty("seq").GetInt64(), string.Empty));

            // Killed the moment the last acknowledgement arrived: no graceful stop, nothing flushed on the way out.
            first.Signal("KILL");
            await first.WaitForExit(TimeSpan.FromSeconds(30));
        }

        using var secondData = new TempDirectory();
        await using var second = await GatewayProcess.StartServer(port, secondData.Path, null, "--db", db);

        // The signing key is in the database: a token from before still works on the new node.
        using var http = MessengerClient.Authorized(second.Address, token2);
        var history = await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=200");
        var stored = history.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("text").GetString()!))
            .ToList();
        Assert.Equal(acknowledged.OrderBy(a => a.Seq), stored);

        var download = await http.GetAsync(new Uri($"/api/files/{fileId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(fileBytes, await download.Content.ReadAsByteArrayAsync());

        // The search index was written by the first node's projection (or by the chat catching up now).
        await Poll.Until(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={Uri.EscapeDataString("встреч CAFE")}")).GetProperty("messages").GetArrayLength() == 1);
        var prefix = await http.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={Uri.EscapeDataString("сообщение1")}");
        Assert.Equal(11, prefix.GetProperty("messages").GetArrayLength());

        // Numbering goes on where it stopped, and a retry is still recognised.
        await using var again = await MessengerClient.ConnectAsync(second.Address, id2, token2);
        Assert.Equal(acknowledged.Max(a => a.Seq) + 1, (await again.SendText(id1, "после перезапуска")).GetProperty("seq").GetInt64());
        Assert.Equal(acknowledged.Single(a => a.Text.StartsWith("сообщение0 ", StringComparison.Ordinal)).Seq, (await again.SendText(id1, "сообщение0 message0", clientId: "c0")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task A_backup_of_the_database_restores_through_the_same_restore_command_with_files_and_keys()
    {
        var db = postgres.CreateDatabase();
        using var liveData = new TempDirectory();
        using var restoredData = new TempDirectory();
        using var scratch = new TempDirectory();
        string zipPath, chatId, fileId, token1;
        var fileBytes = "вложение до копии"u8.ToArray();
        await using (var live = await RunningServer.StartAsync(liveData.Path, "--db", db, "--Messenger:Backups:Every", "0"))
        {
            (var id1, token1) = await MessengerClient.LoginAsync(live.BaseAddress, "user1", "123456");
            var (id2, _) = await MessengerClient.LoginAsync(live.BaseAddress, "user2", "123456");
            await using var one = await MessengerClient.ConnectAsync(live.BaseAddress, id1, token1);
            chatId = (await one.SendText(id2, "до копии")).GetProperty("chatId").GetString()!;
            fileId = await Uploads.File(one, chatId, "до.txt", fileBytes, "text/plain");
            await one.Send(new { chatId, message = new { type = "file", fileId } });

            using var admin = MessengerClient.Authorized(live.BaseAddress, (await MessengerClient.LoginAsync(live.BaseAddress, "admin", "admin123")).Token);
            var name = await ActorMessenger.Tests.Admin.BackupEndpointTests.CreateBackup(admin);
            zipPath = Path.Combine(scratch.Path, name);
            await File.WriteAllBytesAsync(zipPath, await admin.GetByteArrayAsync(new Uri($"/admin/backups/{name}", UriKind.Relative)));
            await one.SendText(id2, "после копии");
        }

        using (var zip = System.IO.Compression.ZipFile.OpenRead(zipPath))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "messenger.pgdump");
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".db", StringComparison.Ordinal));
        }

        await using var restored = await RunningServer.StartAsync(restoredData.Path, "--db", db, "--Messenger:Backups:Every", "0", "--restore", zipPath);
        using var http = MessengerClient.Authorized(restored.BaseAddress, token1);
        var history = await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=50");
        var texts = history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Contains("до копии", texts);
        Assert.DoesNotContain("после копии", texts);
        Assert.Equal(fileBytes, await http.GetByteArrayAsync(new Uri($"/api/files/{fileId}", UriKind.Relative)));

        // What the restore replaced was dumped aside first.
        Assert.Single(Directory.GetFiles(restoredData.Path, "messenger.pgdump", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task While_the_database_is_away_calls_fail_with_unavailable_instead_of_hanging_and_work_again_once_it_is_back()
    {
        var db = postgres.CreateDatabase();
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path, "--db", db, "--Messenger:Postgres:RetryFor", "00:00:02");
        var (id1, token1) = await MessengerClient.LoginAsync(server.BaseAddress, "user1", "123456");
        var (id2, _) = await MessengerClient.LoginAsync(server.BaseAddress, "user2", "123456");
        await using var one = await MessengerClient.ConnectAsync(server.BaseAddress, id1, token1);
        await one.SendText(id2, "до отключения");

        postgres.Stop();
        try
        {
            var started = DateTime.UtcNow;
            var search = await one.Http.GetAsync(new Uri("/api/search/messages?q=" + Uri.EscapeDataString("до"), UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
            Assert.Equal("unavailable", (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the refusal came late");

            // A send cannot be stored: the client gets an error, not a hang.
            var code = await HubErrors.CodeOf(() => one.SendText(id2, "во время отключения").WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal("unavailable", code);
        }
        finally
        {
            postgres.Start();
        }

        // Back: sends are stored again, and the history holds what was acknowledged.
        var after = await Poll.UntilValue(
            async () =>
            {
                try
                {
                    return (JsonElement?)await one.SendText(id2, "после восстановления", clientId: "after-outage");
                }
                catch (Microsoft.AspNetCore.SignalR.HubException)
                {
                    return null;
                }
            },
            ack => ack is not null,
            TimeSpan.FromSeconds(90));
        var chatId = after!.Value.GetProperty("chatId").GetString()!;

        // The read model catches up after the outage (its writer retries the batch the outage cut off):
        // the page holds the message acknowledged before it, first, and the new one last.
        var texts = await Poll.UntilValue(
            async () =>
            {
                var history = await one.Http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=50");
                return history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
            },
            page => page.Count > 0 && page[0] == "до отключения" && page[^1] == "после восстановления",
            TimeSpan.FromSeconds(60));
        Assert.Equal("до отключения", texts[0]);
        Assert.Equal("после восстановления", texts[^1]);
    }
}
