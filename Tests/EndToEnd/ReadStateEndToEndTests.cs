using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>What a client that was not listening needs: others' read positions in the chat list, and live subscriber counts for channel admins.</summary>
public sealed class ReadStateEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static Task<JsonElement> Call(MessengerClient c, string method, object payload) => c.Hub.InvokeAsync<JsonElement>(method, payload);

    [Fact]
    public async Task The_chat_list_says_how_far_the_other_side_has_read()
    {
        var (ann, bob) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var a = await TestAccounts.Device(server.Address, ann);
        await using var b = await TestAccounts.Device(server.Address, bob);
        var sent = await a.Send(new { recipientId = bob.Id, message = new { text = "read me" } });
        var chatId = sent.GetProperty("chatId").GetString()!;
        Assert.Equal(0, await OthersReadSeq(a, chatId));

        await Call(b, "mark_read", new { chatId, seq = sent.GetProperty("seq").GetInt64() });
        Assert.Equal(sent.GetProperty("seq").GetInt64(), await OthersReadSeq(a, chatId));
        Assert.Equal(sent.GetProperty("seq").GetInt64(), await OthersReadSeq(b, chatId));
    }

    [Fact]
    public async Task A_channel_admin_sees_the_subscriber_count_change_live()
    {
        var (admin, reader) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var adminDevice = await TestAccounts.Device(server.Address, admin);
        await using var readerDevice = await TestAccounts.Device(server.Address, reader);
        var channel = await Call(adminDevice, "create_channel", new { name = "Counted " + Guid.NewGuid().ToString("N")[..6], isPublic = true });
        var chatId = channel.GetProperty("chatId").GetString()!;

        await Call(readerDevice, "join_chat", new { chatId });
        var joined = await adminDevice.Next("member_count", e => e.GetProperty("chatId").GetString() == chatId);
        Assert.Equal(2, joined.GetProperty("memberCount").GetInt32());

        await Call(readerDevice, "leave_chat", new { chatId });
        var left = await adminDevice.Next("member_count", e => e.GetProperty("memberCount").GetInt32() == 1);
        Assert.Equal(chatId, left.GetProperty("chatId").GetString());
    }

    private static async Task<long> OthersReadSeq(MessengerClient c, string chatId)
    {
        var chats = await c.Http.GetFromJsonAsync<JsonElement>("/api/chats");
        return chats.GetProperty("chats").EnumerateArray().Single(x => x.GetProperty("chatId").GetString() == chatId).GetProperty("othersReadSeq").GetInt64();
    }
}
