using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Persistence.Postgres;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>
/// <c>--migrate-to</c>: a single-machine installation on SQLite moved into PostgreSQL by the server's own
/// command, as a process, and the server started on the copy answers as the SQLite one does.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class MigrationEndToEndTests(PostgresInstance postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    private static Task<JsonElement> Call(MessengerClient c, string method, object payload) => c.Hub.InvokeAsync<JsonElement>(method, payload);

    private static Task<(int ExitCode, string Output)> Migrate(string db, string dataDir) =>
        GatewayProcess.RunToExit("dotnet", GatewayProcess.GatewayCommand("--migrate-to", db, "--data-dir", dataDir), Within);

    [Fact]
    public async Task A_SQLite_installation_moves_to_PostgreSQL_with_one_command_and_the_server_there_answers_exactly_as_before()
    {
        using var data = new TempDirectory();
        var fileBytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("квартальный отчёт; ", 40_000)));
        TestUser ann, bob;
        string dm, group, channel, channelName, fileId;
        long lastDmSeq;
        var db = postgres.CreateDatabase();
        await using (var sqlite = await RunningServer.StartAsync(data.Path, "--Hocon:messenger:chat:snapshot-every", "3", "--Messenger:RedactionInterval", "00:00:01"))
        {
            (ann, bob) = (await TestAccounts.Register(sqlite.BaseAddress), await TestAccounts.Register(sqlite.BaseAddress));
            await using var a = await TestAccounts.Device(sqlite.BaseAddress, ann);
            await using var b = await TestAccounts.Device(sqlite.BaseAddress, bob);

            dm = (await a.SendText(bob.Id, "Привет! Встреча в café в пятницу")).GetProperty("chatId").GetString()!;
            await b.SendText(ann.Id, "Хорошо, буду");
            await a.SendText(bob.Id, "это сообщение будет удалено");
            await Call(b, "edit_message", new { chatId = dm, seq = 2, text = "Хорошо, буду к обеду" });
            await Call(b, "react", new { chatId = dm, seq = 1, emoji = "👍" });
            await Call(a, "pin_message", new { chatId = dm, seq = 1 });
            await Call(a, "delete_message", new { chatId = dm, seq = 3 });
            fileId = await Uploads.File(a, dm, "отчёт.txt", fileBytes, "text/plain");
            lastDmSeq = (await a.Send(new { chatId = dm, message = new { type = "file", fileId } })).GetProperty("seq").GetInt64();

            group = (await Call(a, "create_group", new { title = "Проектная группа", memberIds = new[] { bob.Id } })).GetProperty("chatId").GetString()!;
            await a.Send(new { chatId = group, message = new { text = "план на квартал" } });
            await b.Send(new { chatId = group, message = new { text = "согласен с планом" } });

            channelName = "Новости офиса " + Guid.NewGuid().ToString("N")[..6];
            channel = (await Call(a, "create_channel", new { name = channelName, description = "Главное за неделю", isPublic = true })).GetProperty("chatId").GetString()!;
            await Call(b, "join_chat", new { chatId = channel });
            var post = await a.Send(new { chatId = channel, message = new { text = "Офис закрыт в понедельник" } });
            await Call(b, "react", new { chatId = channel, seq = post.GetProperty("seq").GetInt64(), emoji = "🎉" });

            // A server holds the data directory: the copy would miss what it writes next.
            var (busyCode, busy) = await Migrate(db, data.Path);
            Assert.Equal(4, busyCode);
            Assert.Contains("Not migrated: A server is using the data directory", busy, StringComparison.Ordinal);
        }

        var (code, output) = await Migrate(db, data.Path);
        Assert.True(code == 0, output);
        Assert.Contains("Every count matches", output, StringComparison.Ordinal);
        Assert.Contains($"attachment files 1, attachment bytes {fileBytes.Length}", output, StringComparison.Ordinal);

        // Once copied, never again into the same database (asked through the start script this time).
        var (againCode, again) = await GatewayProcess.RunToExit(
            "bash", [GatewayProcess.StartScript, "--migrate-to", db, "--data-dir", data.Path], Within, new Dictionary<string, string> { ["ACTORMESSENGER_DLL"] = GatewayProcess.GatewayDll });
        Assert.Equal(4, againCode);
        Assert.Contains("already holds data", again, StringComparison.Ordinal);

        var chats = new[] { dm, group, channel };
        string[] searches = ["CAFE встреч", "план", "офис"];

        // What the SQLite server answers, started again on the untouched data directory.
        IReadOnlyList<string> before;
        await using (var sqliteAgain = await RunningServer.StartAsync(data.Path))
        {
            before = await Answers(sqliteAgain.BaseAddress, ann, chats, searches, channelName);
        }

        // The server on PostgreSQL with an empty data directory of its own: everything comes from the database.
        using var pgData = new TempDirectory();
        await using var onPostgres = await RunningServer.StartAsync(pgData.Path, "--db", db);
        var after = await Answers(onPostgres.BaseAddress, ann, chats, searches, channelName);
        Assert.Equal(before, after);

        // The same passwords log in; a token issued on SQLite still verifies (the signing key moved too).
        var (annId, _) = await MessengerClient.LoginAsync(onPostgres.BaseAddress, ann.Username, ann.Password);
        Assert.Equal(ann.Id, annId);
        Assert.Equal(bob.Id, (await MessengerClient.LoginAsync(onPostgres.BaseAddress, bob.Username, bob.Password)).UserId);
        using var old = MessengerClient.Authorized(onPostgres.BaseAddress, bob.Token);
        Assert.Equal(fileBytes, await old.GetByteArrayAsync(new Uri($"/api/files/{fileId}", UriKind.Relative)));

        // What was asserted equal is what happened (not two equally empty answers).
        var page = await old.GetFromJsonAsync<JsonElement>($"/api/messages/{dm}?limit=50");
        var messages = page.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L, lastDmSeq], messages.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal("Хорошо, буду к обеду", messages[1].GetProperty("text").GetString());
        Assert.True(messages[2].GetProperty("deleted").GetBoolean());
        Assert.Equal(bob.Id, messages[0].GetProperty("reactions").GetProperty("👍")[0].GetInt32());
        Assert.Equal(1, (await old.GetFromJsonAsync<JsonElement>($"/api/chats/{dm}/pins")).GetProperty("pins").GetArrayLength());
        Assert.Equal(1, (await old.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={Uri.EscapeDataString("CAFE встреч")}")).GetProperty("messages").GetArrayLength());
        Assert.Equal(0, (await old.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={Uri.EscapeDataString("удалено")}")).GetProperty("messages").GetArrayLength());
        Assert.Equal(channel, (await old.GetFromJsonAsync<JsonElement>($"/api/search/channels?q={Uri.EscapeDataString(channelName)}")).GetProperty("channels")[0].GetProperty("chatId").GetString());

        // Numbering goes on with no gap: the next message, and its update right after the last one.
        await using var bDevice = await TestAccounts.Device(onPostgres.BaseAddress, bob);
        var lastUpdate = await LastUpdateSeq(bDevice, dm);
        Assert.Equal(lastDmSeq + 1, (await bDevice.SendText(ann.Id, "уже на PostgreSQL")).GetProperty("seq").GetInt64());
        var next = await Call(bDevice, "sync", new { chats = new[] { new { chatId = dm, updateSeq = lastUpdate } } });
        var updates = next.GetProperty("chats").EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == dm).GetProperty("updates");
        Assert.Equal(lastUpdate + 1, updates.EnumerateArray().Single().GetProperty("updateSeq").GetInt64());
    }

    [Fact]
    public async Task A_copy_whose_counts_differ_is_refused_and_leaves_the_database_empty()
    {
        using var data = new TempDirectory();
        ReleaseFixtures.CopyTo("data-1.0.0", data.Path);
        var db = postgres.CreateDatabase();

        // The schema as a start makes it, and a trigger that loses one row of the update feed on its way in:
        // a copy that silently misses something must not be kept.
        using (var schema = new PostgresDatabase(db))
        {
            schema.Initialize();
        }

        await using (var connection = new NpgsqlConnection(db))
        {
            await connection.OpenAsync();
            await using var sabotage = connection.CreateCommand();
            sabotage.CommandText = """
                CREATE FUNCTION lose_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                CREATE TRIGGER lose_second_update BEFORE INSERT ON chat_updates FOR EACH ROW WHEN (NEW.update_seq = 2) EXECUTE FUNCTION lose_row();
                """;
            await sabotage.ExecuteNonQueryAsync();
        }

        var (code, output) = await Migrate(db, data.Path);
        Assert.Equal(4, code);
        Assert.Matches(@"Not migrated: The copy does not match the original: update feed rows: (\d+) in SQLite, (\d+) in PostgreSQL", output);
        Assert.Contains("Nothing was kept", output, StringComparison.Ordinal);

        await using var check = new NpgsqlConnection(db);
        await check.OpenAsync();
        foreach (var table in new[] { "journal", "snapshot", "chat_history", "chat_updates", "secrets", "data_protection_keys" })
        {
            await using var count = check.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {table};";
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }
    }

    /// <summary>Everything a user reads that lives in storage: history pages, pins, the update feed, message and channel search.</summary>
    private static async Task<IReadOnlyList<string>> Answers(Uri server, TestUser user, IEnumerable<string> chats, IEnumerable<string> searches, string channelName)
    {
        using var http = MessengerClient.Authorized(server, user.Token);
        var answers = new List<string>();
        foreach (var chat in chats)
        {
            answers.Add(await http.GetStringAsync(new Uri($"/api/messages/{chat}?limit=200", UriKind.Relative)));
            answers.Add(await http.GetStringAsync(new Uri($"/api/chats/{chat}/pins", UriKind.Relative)));
        }

        foreach (var query in searches)
        {
            answers.Add(await http.GetStringAsync(new Uri($"/api/search/messages?q={Uri.EscapeDataString(query)}", UriKind.Relative)));
        }

        answers.Add(await http.GetStringAsync(new Uri($"/api/search/channels?q={Uri.EscapeDataString(channelName)}", UriKind.Relative)));
        await using var device = await TestAccounts.Device(server, user);
        var sync = await Call(device, "sync", new { });
        answers.AddRange(sync.GetProperty("chats").EnumerateArray().OrderBy(c => c.GetProperty("chatId").GetString(), StringComparer.Ordinal).Select(c => c.GetRawText()));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        return answers;
    }

    private static async Task<long> LastUpdateSeq(MessengerClient device, string chatId)
    {
        var sync = await Call(device, "sync", new { });
        return sync.GetProperty("chats").EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chatId).GetProperty("lastUpdateSeq").GetInt64();
    }
}
