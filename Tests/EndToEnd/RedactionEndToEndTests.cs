using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Deleted and edited-away texts leave every file of the data directory within the documented time.</summary>
public sealed class RedactionEndToEndTests
{
    private static readonly string[] Arguments =
    [
        // The documented bound is about two redaction intervals: a short one keeps the test short.
        "--Messenger:RedactionInterval", "00:00:00.300",

        // Snapshots catch the texts before they change; a small window sends older messages to the read model.
        "--Hocon:messenger:chat:snapshot-every", "3",
        "--Hocon:messenger:chat:recent-window", "3",
    ];

    [Fact]
    public async Task The_old_texts_and_file_names_of_deleted_and_edited_messages_are_in_no_file_and_the_chat_stays_whole_across_a_restart()
    {
        string Marker(string kind) => $"zqx{kind}{Guid.NewGuid():N}"[..24];
        var (deleted, edited, caption, fileName) = (Marker("del"), Marker("edit"), Marker("cap"), Marker("file"));
        string[] markers = [deleted, edited, caption, fileName];

        await using var server = new TempDirectoryServer(Arguments);
        await server.StartAsync();
        var (a, b) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        string chatId;
        string historyBefore;
        await using (var aDev = await TestAccounts.Device(server.Address, a))
        await using (var bDev = await TestAccounts.Device(server.Address, b))
        {
            chatId = (await aDev.SendText(b.Id, "привет")).GetProperty("chatId").GetString()!;
            var secret = await aDev.SendText(b.Id, $"тайна {deleted}");
            var draft = await bDev.SendText(a.Id, $"черновик {edited}");
            var fileId = await Uploads.TextFile(aDev, chatId, $"{fileName}.txt", "вложение");
            var file = await aDev.Send(new { chatId, message = new { type = "file", fileId, text = $"подпись {caption}" } });
            for (var i = 0; i < 4; i++)
            {
                await bDev.SendText(a.Id, $"ещё {i}");
            }

            Assert.NotEmpty(DataFiles.Holding(server.DataPath, deleted));

            await bDev.Hub.InvokeAsync<JsonElement>("edit_message", new { chatId, seq = Seq(draft), text = "итог правки" });
            await aDev.Hub.InvokeAsync<JsonElement>("delete_message", new { chatId, seq = Seq(secret) });
            await aDev.Hub.InvokeAsync<JsonElement>("delete_message", new { chatId, seq = Seq(file) });

            await DataFiles.WaitUntilNoneHold(server.DataPath, markers);

            historyBefore = await History(aDev.Http, chatId);
            var messages = JsonDocument.Parse(historyBefore).RootElement;
            Assert.True(messages[1].GetProperty("deleted").GetBoolean());
            Assert.Equal(string.Empty, messages[1].GetProperty("text").GetString());
            Assert.Equal("итог правки", messages[2].GetProperty("text").GetString());
            Assert.True(messages[2].GetProperty("edited").GetBoolean());
            Assert.True(messages[3].GetProperty("deleted").GetBoolean());
            Assert.Equal(JsonValueKind.Null, messages[3].GetProperty("attachment").ValueKind);

            // Search and sync still work, and know only the new text.
            var found = await aDev.Http.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={Uri.EscapeDataString("итог")}&chatId={chatId}");
            Assert.Equal(3, found.GetProperty("messages").EnumerateArray().Single().GetProperty("seq").GetInt64());
            var none = await aDev.Http.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={edited}");
            Assert.Empty(none.GetProperty("messages").EnumerateArray());
            var sync = await bDev.Hub.InvokeAsync<JsonElement>("sync", new { chats = new[] { new { chatId, updateSeq = 0 } } });
            var updates = sync.GetProperty("chats")[0].GetProperty("updates").EnumerateArray().ToList();
            Assert.Contains(updates, u => u.GetProperty("type").GetString() == "message_deleted" && u.GetProperty("message").GetProperty("seq").GetInt64() == 2);
            Assert.DoesNotContain(updates, u => u.GetProperty("message").GetProperty("text").GetString()!.Contains("zqx", StringComparison.Ordinal));
        }

        await server.RestartAsync();

        await using var again = await TestAccounts.Device(server.Address, a);
        Assert.Equal(historyBefore, await History(again.Http, chatId));
        Assert.Equal(9, Seq(await again.SendText(b.Id, "после перезапуска")));
        Assert.Empty(markers.SelectMany(m => DataFiles.Holding(server.DataPath, m)));
    }

    private static long Seq(JsonElement message) => message.GetProperty("seq").GetInt64();

    private static async Task<string> History(HttpClient http, string chatId) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=50")).GetProperty("messages").GetRawText();

}
