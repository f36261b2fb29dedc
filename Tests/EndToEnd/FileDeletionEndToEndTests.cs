using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Attachments leave the server with the last message that refers to them, and travel with forwards.</summary>
public sealed class FileDeletionEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server = server;

    [Fact]
    public async Task Deleting_a_file_message_deletes_its_file_and_the_download_is_refused()
    {
        var (a, b) = (await TestAccounts.Register(_server.Address), await TestAccounts.Register(_server.Address));
        await using var aDev = await TestAccounts.Device(_server.Address, a);
        await using var bDev = await TestAccounts.Device(_server.Address, b);
        var chatId = (await aDev.SendText(b.Id, "сейчас пришлю")).GetProperty("chatId").GetString()!;
        var fileId = await Uploads.TextFile(aDev, chatId, "план.txt", "секретный план");
        var sent = await aDev.Send(new { chatId, message = new { type = "file", fileId } });
        Assert.Equal(HttpStatusCode.OK, (await bDev.Http.GetAsync(FileUri(fileId))).StatusCode);
        Assert.True(File.Exists(FilePath(fileId)));

        await aDev.Hub.InvokeAsync<JsonElement>("delete_message", new { chatId, seq = sent.GetProperty("seq").GetInt64() });

        await Poll.Until(() => !File.Exists(FilePath(fileId)));
        foreach (var device in new[] { aDev, bDev })
        {
            var refused = await device.Http.GetAsync(FileUri(fileId));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("not_found", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_forwarded_file_is_readable_in_the_target_chat_and_lives_until_its_last_message_is_deleted()
    {
        var (a, b, c, outsider) = (await Register(), await Register(), await Register(), await Register());
        await using var aDev = await TestAccounts.Device(_server.Address, a);
        await using var bDev = await TestAccounts.Device(_server.Address, b);
        await using var cDev = await TestAccounts.Device(_server.Address, c);
        var source = (await aDev.SendText(b.Id, "фото")).GetProperty("chatId").GetString()!;
        var fileId = await Uploads.TextFile(aDev, source, "отпуск.txt", "море и солнце");
        var original = await aDev.Send(new { chatId = source, message = new { type = "file", fileId } });

        // b forwards it to c, who was never in the source chat: c sees the message and may open the file at once.
        var forward = await bDev.Hub.InvokeAsync<JsonElement>("forward_message", new { fromChatId = source, seq = original.GetProperty("seq").GetInt64(), recipientId = c.Id });
        var target = forward.GetProperty("chatId").GetString()!;
        Assert.Equal(fileId, forward.GetProperty("attachment").GetProperty("id").GetString());
        await cDev.Next("new_message", m => m.GetProperty("chatId").GetString() == target);
        var download = await cDev.Http.GetAsync(FileUri(fileId));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("море и солнце", await download.Content.ReadAsStringAsync());

        using var outsiderHttp = MessengerClient.Authorized(_server.Address, outsider.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiderHttp.GetAsync(FileUri(fileId))).StatusCode);

        // The original goes; the forward still refers to the file, so it stays for the target chat only.
        await aDev.Hub.InvokeAsync<JsonElement>("delete_message", new { chatId = source, seq = original.GetProperty("seq").GetInt64() });
        await Poll.Until(async () => (await aDev.Http.GetAsync(FileUri(fileId))).StatusCode == HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await cDev.Http.GetAsync(FileUri(fileId))).StatusCode);
        Assert.True(File.Exists(FilePath(fileId)));

        await bDev.Hub.InvokeAsync<JsonElement>("delete_message", new { chatId = target, seq = forward.GetProperty("seq").GetInt64() });
        await Poll.Until(() => !File.Exists(FilePath(fileId)));
        Assert.Equal(HttpStatusCode.NotFound, (await cDev.Http.GetAsync(FileUri(fileId))).StatusCode);
    }

    private Task<TestUser> Register() => TestAccounts.Register(_server.Address);

    private string FilePath(string fileId) => Path.Combine(_server.DataPath, "files", fileId);

    private static Uri FileUri(string fileId) => new($"/api/files/{fileId}", UriKind.Relative);


}
