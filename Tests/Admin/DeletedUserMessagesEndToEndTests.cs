using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>Deleting an account deletes every message it sent, from what members see and from every file.</summary>
public sealed class DeletedUserMessagesEndToEndTests
{
    private static readonly string[] Arguments =
    [
        "--Messenger:RedactionInterval", "00:00:00.300",
        "--Hocon:messenger:chat:snapshot-every", "3",
        "--Hocon:messenger:chat:recent-window", "3",
    ];

    private static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task A_deleted_users_messages_and_files_are_gone_for_the_other_members_and_the_chats_go_on()
    {
        string Marker(string kind) => $"zqu{kind}{Guid.NewGuid():N}"[..24];
        var (dmMarker, groupMarker, imageMarker) = (Marker("dm"), Marker("grp"), Marker("img"));
        string[] markers = [dmMarker, groupMarker, imageMarker];

        await using var server = new TempDirectoryServer(Arguments);
        await server.StartAsync();
        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        var (gone, stays) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var goneDev = await TestAccounts.Device(server.Address, gone);
        await using var staysDev = await TestAccounts.Device(server.Address, stays);

        var dm = (await goneDev.SendText(stays.Id, $"лично {dmMarker}")).GetProperty("chatId").GetString()!;
        await staysDev.SendText(gone.Id, "ответ остаётся");
        var fileId = await Uploads.File(goneDev, dm, "снимок.png", [.. PngHeader, .. Encoding.UTF8.GetBytes(imageMarker)], "image/png");
        await goneDev.Send(new { chatId = dm, message = new { type = "image", fileId } });
        var groupId = (await staysDev.Hub.InvokeAsync<JsonElement>("create_group", new { title = "Остаются", memberIds = new[] { gone.Id } })).GetProperty("chatId").GetString()!;
        for (var i = 0; i < 4; i++)
        {
            await goneDev.Send(new { chatId = groupId, message = new { text = $"в группе {i} {groupMarker}" } });
        }

        await staysDev.Send(new { chatId = groupId, message = new { text = "своё в группе" } });
        await Poll.UntilValue(() => Stats(admin), s => s.GetProperty("messages").GetInt64() == 8 && s.GetProperty("attachments").GetInt64() == 1);

        using var anonymous = MessengerClient.Anonymous(server.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync(new Uri($"/admin/users/{gone.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staysDev.Http.DeleteAsync(new Uri($"/admin/users/{gone.Id}", UriKind.Relative))).StatusCode);

        var deleted = await admin.DeleteAsync(new Uri($"/admin/users/{gone.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var answer = await deleted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(6, answer.GetProperty("deletedMessages").GetInt32());
        Assert.Equal(1, answer.GetProperty("leftChats").GetInt32());

        // The other member is told of each, as for any deletion, and sees them deleted.
        for (var i = 0; i < 6; i++)
        {
            Assert.True((await staysDev.Next("message_deleted")).GetProperty("message").GetProperty("deleted").GetBoolean());
        }

        var dmHistory = await History(staysDev.Http, dm);
        Assert.Equal(
            [(1L, true), (2L, false), (3L, true)],
            dmHistory.EnumerateArray().Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("deleted").GetBoolean())));
        Assert.Equal("ответ остаётся", dmHistory[1].GetProperty("text").GetString());
        var groupHistory = await History(staysDev.Http, groupId);
        Assert.All(groupHistory.EnumerateArray().Where(m => m.GetProperty("senderId").GetInt32() == gone.Id && m.GetProperty("type").GetString() != "system"), m => Assert.Equal(string.Empty, m.GetProperty("text").GetString()));
        Assert.Contains(groupHistory.EnumerateArray(), m => m.GetProperty("text").GetString() == "своё в группе");

        // Search, the file, every byte of the data directory, the statistics follow within the documented time.
        await Poll.Until(async () => (await staysDev.Http.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={groupMarker}")).GetProperty("messages").GetArrayLength() == 0);
        await Poll.Until(async () => (await staysDev.Http.GetAsync(new Uri($"/api/files/{fileId}", UriKind.Relative))).StatusCode == HttpStatusCode.NotFound);
        await DataFiles.WaitUntilNoneHold(server.DataPath, markers);
        await Poll.UntilValue(() => Stats(admin), s => s.GetProperty("messages").GetInt64() == 2 && s.GetProperty("attachments").GetInt64() == 0 && s.GetProperty("attachmentBytes").GetInt64() == 0);
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/admin/audit")).GetProperty("entries")[0];
        Assert.Equal("user_deleted", audit.GetProperty("action").GetString());
        Assert.Contains("deleted 6 messages", audit.GetProperty("details").GetString(), StringComparison.Ordinal);

        // The chats go on, also after a restart.
        var next = await staysDev.Send(new { chatId = groupId, message = new { text = "группа дальше" } });
        var sync = await staysDev.Hub.InvokeAsync<JsonElement>("sync", new { chats = new[] { new { chatId = groupId, updateSeq = 0 } } });
        Assert.DoesNotContain(groupMarker, sync.GetRawText(), StringComparison.Ordinal);
        await server.RestartAsync();
        await using var again = await TestAccounts.Device(server.Address, stays);
        var afterRestart = await History(again.Http, groupId);
        Assert.Equal(next.GetProperty("seq").GetInt64(), afterRestart[afterRestart.GetArrayLength() - 1].GetProperty("seq").GetInt64());
        Assert.DoesNotContain(groupMarker, afterRestart.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(markers.SelectMany(m => DataFiles.Holding(server.DataPath, m)));
        using var adminAgain = MessengerClient.Authorized(server.Address, adminToken);
        await Poll.UntilValue(() => Stats(adminAgain), s => s.GetProperty("messages").GetInt64() == 3 && s.GetProperty("attachments").GetInt64() == 0);
    }

    private static Task<JsonElement> Stats(HttpClient admin) => admin.GetFromJsonAsync<JsonElement>("/admin/stats");

    private static async Task<JsonElement> History(HttpClient http, string chatId) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=200")).GetProperty("messages");
}
