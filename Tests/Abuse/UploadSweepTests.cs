using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Persistence;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>Uploads no message refers to are removed after the grace period; files that were sent stay.</summary>
public sealed class UploadSweepTests
{
    [Fact]
    public async Task An_upload_never_sent_is_removed_after_the_grace_period_and_a_sent_one_stays()
    {
        using var data = new TempDirectory();
        string kept, orphan;
        TestUser a;
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            (a, var b) = (await TestAccounts.Register(first.BaseAddress), await TestAccounts.Register(first.BaseAddress));
            await using var device = await TestAccounts.Device(first.BaseAddress, a);
            var chatId = (await device.SendText(b.Id, "a file follows")).GetProperty("chatId").GetString()!;
            kept = await Uploads.TextFile(device, chatId, "sent.txt", "sent");
            await device.Send(new { chatId, message = new { type = "file", fileId = kept } });
            orphan = await Uploads.TextFile(device, chatId, "never-sent.txt", "never sent");

            // The message's reference is stored with its history row: wait until the history shows it.
            await Poll.Until(async () =>
            {
                var page = await device.Http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}");
                return page.GetProperty("messages").EnumerateArray().Any(m => m.TryGetProperty("attachment", out var file) && file.ValueKind == JsonValueKind.Object && file.GetProperty("id").GetString() == kept);
            });
        }

        // Started again with no grace at all and a quick sweep.
        await using var second = await RunningServer.StartAsync(data.Path, "--Messenger:Limits:UnreferencedUploadGrace", "00:00:00", "--Messenger:Limits:UploadSweepInterval", "00:00:00.200");
        var files = Path.Combine(data.Path, DataDirectory.FilesFolderName);
        await Poll.Until(() => !File.Exists(Path.Combine(files, orphan)), () => "the unsent upload is still on disk");
        Assert.True(File.Exists(Path.Combine(files, kept)));

        using var http = MessengerClient.Authorized(second.BaseAddress, a.Token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/files/{kept}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"/api/files/{orphan}", UriKind.Relative))).StatusCode);
    }
}
