using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Release;

/// <summary>
/// Each release keeps a data directory it made (Tests/Fixtures/data-VERSION: demo accounts, a
/// registered user, a direct chat with an edit and a reaction, a group) and the current server must
/// start on every one of them with nothing lost: a release that cannot read older data fails here.
/// </summary>
public sealed class OlderDataTests
{
    public static TheoryData<string> Releases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var folder in Directory.EnumerateDirectories(FixturesFolder, "data-*").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(folder));
            }

            return data;
        }
    }

    private static string FixturesFolder => ReleaseFixtures.Folder;

    [Theory]
    [MemberData(nameof(Releases))]
    public async Task The_current_server_starts_on_a_data_directory_an_older_release_made_with_every_user_chat_and_message(string release)
    {
        using var data = new TempDirectory();
        ReleaseFixtures.CopyTo(release, data.Path);

        await using var server = await GatewayProcess.StartServer(GatewayProcess.FreePort(), data.Path);
        var (annaId, _) = await MessengerClient.LoginAsync(server.Address, "fixture_anna", "fixture-pass-1");
        var (user1Id, token) = await MessengerClient.LoginAsync(server.Address, "user1", "123456");
        var (user2Id, _) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
        using var user1 = MessengerClient.Authorized(server.Address, token);

        var direct = await user1.GetFromJsonAsync<JsonElement>(new Uri("/api/messages/dm-2-3", UriKind.Relative));
        var messages = direct.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([1L, 2L], messages.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal("Привет from release 1.0.0", messages[0].GetProperty("text").GetString());
        Assert.Equal([user1Id], messages[0].GetProperty("reactions").GetProperty("👍").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("second message, edited", messages[1].GetProperty("text").GetString());
        Assert.True(messages[1].GetProperty("edited").GetBoolean());

        var chats = (await user1.GetFromJsonAsync<JsonElement>(new Uri("/api/chats", UriKind.Relative))).GetProperty("chats").EnumerateArray().ToList();
        var group = Assert.Single(chats, c => c.GetProperty("title").GetString() == "Fixture group");
        Assert.Contains(annaId, group.GetProperty("members").EnumerateArray().Select(m => m.GetInt32()));
        var groupId = group.GetProperty("chatId").GetString()!;
        var groupMessages = (await user1.GetFromJsonAsync<JsonElement>(new Uri($"/api/messages/{groupId}", UriKind.Relative))).GetProperty("messages");
        Assert.Contains(groupMessages.EnumerateArray(), m => m.GetProperty("text").GetString() == "group hello");

        var found = await user1.GetFromJsonAsync<JsonElement>(new Uri("/api/search/messages?q=Привет", UriKind.Relative));
        Assert.Contains(found.GetProperty("messages").EnumerateArray(), m => m.GetProperty("seq").GetInt64() == 1 && m.GetProperty("chatId").GetString() == "dm-2-3");

        // The chats go on where they were.
        await using var device = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        var ack = await device.SendText(user2Id, "after the upgrade");
        Assert.Equal(3, ack.GetProperty("seq").GetInt64());
        var groupAck = await device.Send(new { chatId = groupId, message = new { text = "group after the upgrade", type = "text" } });
        Assert.Equal(groupMessages.EnumerateArray().Max(m => m.GetProperty("seq").GetInt64()) + 1, groupAck.GetProperty("seq").GetInt64());
    }
}
