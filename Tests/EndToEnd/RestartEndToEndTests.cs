using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

public sealed class RestartEndToEndTests
{
    [Fact]
    public async Task Every_acknowledged_message_is_there_in_order_after_a_restart_on_the_same_data()
    {
        // A small window and snapshot interval so recovery goes through snapshots and the history table.
        await using var server = new TempDirectoryServer(
            "--Hocon:messenger:chat:recent-window", "10",
            "--Hocon:messenger:chat:snapshot-every", "25");
        await server.StartAsync();

        var (id1, token1) = await MessengerClient.LoginAsync(server.Address, "user1", "123456");
        var (id2, token2) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
        var acknowledged = new List<(long Seq, string Text)>();
        string chatId;
        await using (var one = await MessengerClient.ConnectAsync(server.Address, id1, token1))
        await using (var two = await MessengerClient.ConnectAsync(server.Address, id2, token2))
        {
            var sends = new List<Task<JsonElement>>();
            for (var i = 0; i < 60; i++)
            {
                var (sender, to) = i % 3 == 0 ? (two, id1) : (one, id2);
                sends.Add(sender.SendText(to, $"m{i}", clientId: $"c{i}"));
            }

            foreach (var ack in await Task.WhenAll(sends))
            {
                acknowledged.Add((ack.GetProperty("seq").GetInt64(), ack.GetProperty("text").GetString()!));
            }

            chatId = (await one.SendText(id2, "last before restart")).GetProperty("chatId").GetString()!;
        }

        await server.RestartAsync();

        // The signing key lives in the data directory: tokens issued before the restart still work.
        using var http = MessengerClient.Authorized(server.Address, token2);
        var history = await http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}?limit=200");
        var stored = history.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("text").GetString()!))
            .ToList();

        Assert.Equal(Enumerable.Range(1, 61).Select(i => (long)i), stored.Select(s => s.Item1));
        Assert.Equal(acknowledged.OrderBy(a => a.Seq).Append((61L, "last before restart")), stored);

        // Numbering goes on where it stopped, retries are still recognised, chats and demo users remain.
        await using var again = await MessengerClient.ConnectAsync(server.Address, id1, token1);
        Assert.Equal(62, (await again.SendText(id2, "after restart")).GetProperty("seq").GetInt64());
        var retried = await again.SendText(id2, "m1", clientId: "c1");
        Assert.Equal(acknowledged.Single(a => a.Text == "m1").Seq, retried.GetProperty("seq").GetInt64());
        var chats = await again.Http.GetFromJsonAsync<JsonElement>("/api/chats");
        Assert.Equal(chatId, chats.GetProperty("chats")[0].GetProperty("chatId").GetString());
        var users = await again.Http.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Equal(3, users.GetProperty("users").GetArrayLength());
    }
}
