using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>An admin clears every message: the history leaves every file, the files shrink, the chats go on.</summary>
public sealed class ClearMessagesEndToEndTests
{
    private static readonly string[] Arguments =
    [
        "--Messenger:RedactionInterval", "00:00:00.300",

        // Snapshots catch the texts; a small window sends older messages to the read model.
        "--Hocon:messenger:chat:snapshot-every", "3",
        "--Hocon:messenger:chat:recent-window", "3",
    ];

    // A PNG header: the file is taken as an image; the marker rides in its bytes.
    private static readonly string[] Databases = ["messenger.db", "snapshots.db", "history.db"];

    private static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Clearing_all_messages_removes_them_from_every_file_shrinks_the_databases_and_the_chats_go_on_after_a_restart()
    {
        string Marker(string kind) => $"zqc{kind}{Guid.NewGuid():N}"[..24];
        var (textMarker, groupMarker, imageMarker, captionMarker) = (Marker("txt"), Marker("grp"), Marker("img"), Marker("cap"));
        string[] markers = [textMarker, groupMarker, imageMarker, captionMarker];

        await using var server = new TempDirectoryServer(Arguments);
        await server.StartAsync();
        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        var (a, b) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var aDev = await TestAccounts.Device(server.Address, a);
        await using var bDev = await TestAccounts.Device(server.Address, b);

        // Enough text that the files' shrinking stands well clear of any page-level noise.
        var filler = new string('ж', 1500);
        var chatId = (await aDev.SendText(b.Id, $"первое {textMarker}")).GetProperty("chatId").GetString()!;
        for (var i = 0; i < 60; i++)
        {
            await (i % 2 == 0 ? aDev.SendText(b.Id, $"{i} {textMarker} {filler}") : bDev.SendText(a.Id, $"{i} {textMarker} {filler}"));
        }

        var group = await aDev.Hub.InvokeAsync<JsonElement>("create_group", new { title = "Очистка", memberIds = new[] { b.Id } });
        var groupId = group.GetProperty("chatId").GetString()!;
        await aDev.Send(new { chatId = groupId, message = new { text = $"в группе {groupMarker}" } });
        await aDev.Hub.InvokeAsync<JsonElement>("pin_message", new { chatId = groupId, seq = 2 });
        var image = PngHeader.Concat(Encoding.UTF8.GetBytes(imageMarker)).ToArray();
        var fileId = await Uploads.File(aDev, groupId, "фото.png", image, "image/png");
        await aDev.Send(new { chatId = groupId, message = new { type = "image", fileId, text = $"подпись {captionMarker}" } });
        var lastBefore = await bDev.SendText(a.Id, "последнее до очистки");
        foreach (var marker in markers)
        {
            Assert.NotEmpty(DataFiles.Holding(server.DataPath, marker));
        }

        var statsBefore = await Poll.UntilValue(() => Stats(admin), s => s.GetProperty("messages").GetInt64() >= 64 && s.GetProperty("attachments").GetInt64() == 1);
        var sizeBefore = DatabaseBytes(server.DataPath);

        // Nobody but an admin, and an admin only with the confirmation.
        using var anonymous = MessengerClient.Anonymous(server.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/admin/clear-messages", new { confirm = "clear-all-messages" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aDev.Http.PostAsJsonAsync("/admin/clear-messages", new { confirm = "clear-all-messages" })).StatusCode);
        foreach (var body in new object[] { new { }, new { confirm = "yes" } })
        {
            var refused = await admin.PostAsJsonAsync("/admin/clear-messages", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("confirmation_required", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.Equal(62, Seq(lastBefore));

        var cleared = await admin.PostAsJsonAsync("/admin/clear-messages", new { confirm = "clear-all-messages" });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var answer = await cleared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal(2, answer.GetProperty("chats").GetInt32());
        Assert.True(answer.GetProperty("messages").GetInt64() >= 65);

        // Connected members are told, per chat.
        var told = await bDev.Next("chat_cleared", e => e.GetProperty("chatId").GetString() == chatId);
        Assert.Equal(62, told.GetProperty("clearedUpToSeq").GetInt64());
        await bDev.Next("chat_cleared", e => e.GetProperty("chatId").GetString() == groupId);

        // Nothing is served any more: history, search, pins, the chat list's previews, the file.
        Assert.Empty((await History(aDev.Http, chatId)).EnumerateArray());
        Assert.Empty((await History(bDev.Http, groupId)).EnumerateArray());
        Assert.Empty((await aDev.Http.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={textMarker}")).GetProperty("messages").EnumerateArray());
        Assert.Empty((await aDev.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{groupId}/pins")).GetProperty("pins").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await aDev.Http.GetAsync(new Uri($"/api/files/{fileId}", UriKind.Relative))).StatusCode);
        foreach (var listed in (await bDev.Http.GetFromJsonAsync<JsonElement>("/api/chats")).GetProperty("chats").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, listed.GetProperty("lastMessage").ValueKind);
            Assert.Equal(0, listed.GetProperty("unreadCount").GetInt64());
        }

        var sync = await bDev.Hub.InvokeAsync<JsonElement>("sync", new { chats = new[] { new { chatId, updateSeq = 0 } } });
        var synced = sync.GetProperty("chats").EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chatId);
        Assert.Empty(synced.GetProperty("updates").EnumerateArray());
        Assert.Equal(62, synced.GetProperty("cleared").GetProperty("clearedUpToSeq").GetInt64());
        Assert.False(synced.GetProperty("hasMore").GetBoolean());

        // The bytes are gone from every file, and the files have shrunk (at once, unless a log was too busy to truncate: then within the redaction rounds).
        await Poll.Until(
            () => DatabaseBytes(server.DataPath) * 2 < sizeBefore,
            () => $"The databases were {sizeBefore} bytes before and {DatabaseBytes(server.DataPath)} after");
        await DataFiles.WaitUntilNoneHold(server.DataPath, markers);

        var stats = await Poll.UntilValue(() => Stats(admin), s => s.GetProperty("messages").GetInt64() == 0 && s.GetProperty("attachments").GetInt64() == 0);
        Assert.Equal(0, stats.GetProperty("attachmentBytes").GetInt64());
        Assert.Empty(stats.GetProperty("recent_messages").EnumerateArray());
        Assert.True(statsBefore.GetProperty("databaseBytes").GetInt64() > stats.GetProperty("databaseBytes").GetInt64());
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/admin/audit")).GetProperty("entries")[0];
        Assert.Equal(("messages_cleared", "all"), (audit.GetProperty("action").GetString(), audit.GetProperty("target").GetString()));

        // The chats go on: members, numbering, delivery and sync.
        var after = await aDev.SendText(b.Id, "после очистки");
        Assert.Equal(63, Seq(after));
        var received = await bDev.Next("new_message", e => e.GetProperty("message").GetProperty("seq").GetInt64() == 63);
        Assert.Equal("после очистки", received.GetProperty("message").GetProperty("text").GetString());
        await bDev.Send(new { chatId = groupId, message = new { text = "группа жива" } });
        var resync = await aDev.Hub.InvokeAsync<JsonElement>("sync", new { chats = new[] { new { chatId, updateSeq = told.GetProperty("updateSeq").GetInt64() } } });
        var onlyNew = resync.GetProperty("chats").EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chatId);
        Assert.Equal([63L], onlyNew.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("message").GetProperty("seq").GetInt64()));
        Assert.Equal(JsonValueKind.Null, onlyNew.GetProperty("cleared").ValueKind);
        await Poll.UntilValue(() => Stats(admin), s => s.GetProperty("messages").GetInt64() == 2);

        await server.RestartAsync();

        await using var again = await TestAccounts.Device(server.Address, b);
        Assert.Equal([63L], (await History(again.Http, chatId)).EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(["группа жива"], (await History(again.Http, groupId)).EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(64, Seq(await again.SendText(a.Id, "после перезапуска")));
        using var adminAgain = MessengerClient.Authorized(server.Address, adminToken);
        await Poll.UntilValue(() => Stats(adminAgain), s => s.GetProperty("messages").GetInt64() == 3 && s.GetProperty("attachments").GetInt64() == 0);
        Assert.Empty(markers.SelectMany(m => DataFiles.Holding(server.DataPath, m)));
    }

    [Fact]
    public async Task Clearing_one_chat_leaves_the_others_alone()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        var (a, b, c) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var aDev = await TestAccounts.Device(server.Address, a);
        var cleared = (await aDev.SendText(b.Id, "уйдёт")).GetProperty("chatId").GetString()!;
        var kept = (await aDev.SendText(c.Id, "останется")).GetProperty("chatId").GetString()!;
        var path = $"/admin/chats/{cleared}/clear";

        using var anonymous = MessengerClient.Anonymous(server.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(path, new { confirm = "clear-chat" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aDev.Http.PostAsJsonAsync(path, new { confirm = "clear-chat" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(path, new { confirm = "clear-all-messages" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/admin/chats/g-nosuchchat/clear", new { confirm = "clear-chat" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/admin/chats/bad!id/clear", new { confirm = "clear-chat" })).StatusCode);
        Assert.Single((await History(aDev.Http, cleared)).EnumerateArray());

        var answer = await (await admin.PostAsJsonAsync(path, new { confirm = "clear-chat" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((cleared, 1L, 1L), (answer.GetProperty("chatId").GetString(), answer.GetProperty("clearedUpToSeq").GetInt64(), answer.GetProperty("messages").GetInt64()));
        Assert.Empty((await History(aDev.Http, cleared)).EnumerateArray());
        Assert.Equal(["останется"], (await History(aDev.Http, kept)).EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        await Poll.UntilValue(() => Stats(admin), s => s.GetProperty("messages").GetInt64() == 1);
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/admin/audit")).GetProperty("entries")[0];
        Assert.Equal(("chat_cleared", cleared), (audit.GetProperty("action").GetString(), audit.GetProperty("target").GetString()));
    }

    private static Task<JsonElement> Stats(HttpClient admin) => admin.GetFromJsonAsync<JsonElement>("/admin/stats");

    private static long Seq(JsonElement message) => message.GetProperty("seq").GetInt64();

    private static async Task<JsonElement> History(HttpClient http, string chatId) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=200")).GetProperty("messages");

    /// <summary>The three databases with their logs, as the operator's disk sees them.</summary>
    private static long DatabaseBytes(string dataPath) =>
        Databases
            .SelectMany(db => new[] { db, db + "-wal" })
            .Select(f => new FileInfo(Path.Combine(dataPath, f)))
            .Sum(f => f.Exists ? f.Length : 0);
}
