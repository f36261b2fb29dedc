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
}
