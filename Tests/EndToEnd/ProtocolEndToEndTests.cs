using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Promises of docs/protocol.md that a client written from the document relies on, through the .NET SignalR client.</summary>
public sealed class ProtocolEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task<TestUser> NewUser() => TestAccounts.Register(server.Address);

    private Task<MessengerClient> Device(TestUser user) => TestAccounts.Device(server.Address, user);

    private static Task<JsonElement> Call(MessengerClient c, string method, object payload) => c.Hub.InvokeAsync<JsonElement>(method, payload);

    [Fact]
    public async Task User_online_answers_with_no_argument_with_null_and_with_your_own_id()
    {
        var me = await NewUser();
        await using var device = await Device(me);

        var bare = await device.Hub.InvokeAsync<JsonElement>("user_online");
        Assert.Contains(me.Id, bare.GetProperty("users").EnumerateArray().Select(u => u.GetInt32()));
        await device.Hub.InvokeAsync<JsonElement>("user_online", (object?)null);
        await Call(device, "user_online", new { userId = me.Id });
        Assert.Equal("identity_mismatch", await HubErrors.CodeOf(() => Call(device, "user_online", new { userId = me.Id + 1000 })));
    }

    [Theory]
    [InlineData("👍👍")]
    [InlineData("да")]
    [InlineData("é")]
    public async Task A_reaction_that_is_not_exactly_one_emoji_is_refused(string emoji)
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var device = await Device(a);
        var sent = await device.SendText(b.Id, "реагируй");
        var chatId = sent.GetProperty("chatId").GetString()!;
        var seq = sent.GetProperty("seq").GetInt64();

        Assert.Equal("invalid_emoji", await HubErrors.CodeOf(() => Call(device, "react", new { chatId, seq, emoji })));
        var flag = await Call(device, "react", new { chatId, seq, emoji = "🏳️‍🌈" });
        Assert.Equal([a.Id], flag.GetProperty("message").GetProperty("reactions").GetProperty("🏳️‍🌈").EnumerateArray().Select(u => u.GetInt32()));
    }

    [Fact]
    public async Task Reacting_to_a_deleted_message_answers_message_deleted()
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var aDev = await Device(a);
        await using var bDev = await Device(b);
        var sent = await aDev.SendText(b.Id, "скоро исчезнет");
        var chatId = sent.GetProperty("chatId").GetString()!;
        var seq = sent.GetProperty("seq").GetInt64();
        await Call(aDev, "delete_message", new { chatId, seq });

        Assert.Equal("message_deleted", await HubErrors.CodeOf(() => Call(bDev, "react", new { chatId, seq, emoji = "👍" })));
    }

    [Fact]
    public async Task Every_field_naming_the_caller_must_be_the_caller_while_target_fields_name_others()
    {
        var (owner, ann, bob) = (await NewUser(), await NewUser(), await NewUser());
        await using var o = await Device(owner);
        var chatId = (await Call(o, "create_group", new { title = "Кто есть кто", memberIds = new[] { ann.Id, bob.Id } })).GetProperty("chatId").GetString()!;
        var sent = await o.Send(new { chatId, message = new { text = "привет" } });
        var seq = sent.GetProperty("seq").GetInt64();
        var someoneElse = ann.Id;

        // Payloads naming another user as the one acting are refused, whichever field and method.
        (string Method, object Payload)[] impostors =
        [
            ("send_message", new { chatId, senderId = someoneElse, message = new { text = "от чужого имени" } }),
            ("send_message", new { chatId, message = new { text = "от чужого имени", senderId = someoneElse } }),
            ("mark_read", new { chatId, seq, userId = someoneElse }),
            ("edit_message", new { chatId, seq, text = "правка", senderId = someoneElse }),
            ("delete_message", new { chatId, seq, actorId = someoneElse }),
            ("react", new { chatId, seq, emoji = "👍", userId = someoneElse }),
            ("pin_message", new { chatId, seq, requesterId = someoneElse }),
            ("typing", new { chatId, userId = someoneElse }),
            ("leave_chat", new { chatId, userId = someoneElse }),
            ("get_invite", new { chatId, userId = someoneElse.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            ("update_chat", new { chatId, title = "Чужое", actorId = someoneElse }),
            ("set_role", new { chatId, userId = bob.Id, role = "admin", actorId = someoneElse }),
            ("remove_member", new { chatId, userId = bob.Id, senderId = someoneElse }),
            ("sync", new { chats = Array.Empty<object>(), userId = someoneElse }),
        ];
        foreach (var (method, payload) in impostors)
        {
            Assert.Equal("identity_mismatch", await HubErrors.CodeOf(() => Call(o, method, payload)));
        }

        // Nothing changed; the caller's own id is accepted, and userId names the target where the doc says so.
        var details = await Call(o, "mark_read", new { chatId, seq, userId = owner.Id });
        Assert.Equal(owner.Id, details.GetProperty("userId").GetInt32());
        await Call(o, "set_role", new { chatId, userId = bob.Id, role = "admin", actorId = owner.Id });
        var after = await Call(o, "remove_member", new { chatId, userId = bob.Id });
        Assert.Equal(2, after.GetProperty("memberCount").GetInt32());
        Assert.Equal("invalid_request", await HubErrors.CodeOf(() => Call(o, "typing", new { chatId, userId = "someone" })));
    }

    [Fact]
    public async Task The_senders_own_message_sent_events_arrive_in_send_order_when_sends_are_pipelined()
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var device = await Device(a);
        var first = await device.SendText(b.Id, "start");
        var chatId = first.GetProperty("chatId").GetString()!;
        await device.Next("message_sent");

        var sends = Enumerable.Range(1, 100).Select(i => device.Send(new { chatId, message = new { text = $"m{i}" } })).ToList();
        await Task.WhenAll(sends);
        var confirmations = new List<long>();
        for (var i = 0; i < 100; i++)
        {
            confirmations.Add((await device.Next("message_sent")).GetProperty("message").GetProperty("seq").GetInt64());
        }

        // Stored in send order (seq 2..101), and confirmed in that order.
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), sends.Select(s => s.Result.GetProperty("seq").GetInt64()));
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), confirmations);
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\u200D\u200C\u2060")]
    [InlineData("\u202E\u2066 \u2069\u200F")]
    [InlineData("\u3164\u00A0\uFEFF")]
    public async Task A_message_of_invisible_characters_only_is_refused_as_empty(string text)
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var device = await Device(a);
        Assert.Equal("empty_text", await HubErrors.CodeOf(() => device.SendText(b.Id, text)));
        var sent = await device.SendText(b.Id, "видно");
        var chatId = sent.GetProperty("chatId").GetString()!;
        Assert.Equal("empty_text", await HubErrors.CodeOf(() => Call(device, "edit_message", new { chatId, seq = sent.GetProperty("seq").GetInt64(), text })));
    }

    [Fact]
    public async Task Names_titles_and_file_names_lose_their_bidi_overrides()
    {
        var me = await TestAccounts.Register(server.Address, fullName: "\u202EАнна\u202C");
        await using var device = await Device(me);
        var profile = await device.Http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Анна", profile.GetProperty("user").GetProperty("fullName").GetString());
        var renamed = await device.Http.PutAsJsonAsync("/api/me", new { fullName = "\u2067Анна К.\u2069" });
        Assert.Equal("Анна К.", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("fullName").GetString());

        var group = await Call(device, "create_group", new { title = "\u202EПроект\u202C", memberIds = Array.Empty<int>() });
        var chatId = group.GetProperty("chatId").GetString()!;
        Assert.Equal("Проект", group.GetProperty("title").GetString());
        Assert.Equal("invalid_title", await HubErrors.CodeOf(() => Call(device, "update_chat", new { chatId, title = "\u202E\u200B" })));
        Assert.Equal("Итоги", (await Call(device, "update_chat", new { chatId, title = "Итоги\u2066" })).GetProperty("title").GetString());

        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chatId" },
            { new ByteArrayContent("MZ"u8.ToArray()), "file", "invoice\u202Etxt.exe" },
        };
        var upload = await device.Http.PostAsync(new Uri("/api/files", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal("invoicetxt.exe", (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_system_message_is_not_forwarded_and_says_so_with_invalid_request()
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var device = await Device(a);
        var chatId = (await Call(device, "create_group", new { title = "Служебное", memberIds = new[] { b.Id } })).GetProperty("chatId").GetString()!;
        Assert.Equal("invalid_request", await HubErrors.CodeOf(() => Call(device, "forward_message", new { fromChatId = chatId, seq = 1, recipientId = b.Id })));
    }

    [Fact]
    public async Task A_file_that_is_not_a_png_jpeg_gif_or_webp_is_refused_as_an_image_and_taken_as_a_file()
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var device = await Device(a);
        var chatId = (await device.SendText(b.Id, "файлы")).GetProperty("chatId").GetString()!;
        foreach (var (name, type) in new[] { ("notes.txt", "text/plain"), ("logo.svg", "image/svg+xml") })
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(chatId), "chatId" },
                { new ByteArrayContent("<svg/>"u8.ToArray()) { Headers = { ContentType = new(type) } }, "file", name },
            };
            var fileId = (await (await device.Http.PostAsync(new Uri("/api/files", UriKind.Relative), form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetString();
            Assert.Equal("invalid_attachment", await HubErrors.CodeOf(() => device.Send(new { chatId, message = new { type = "image", fileId } })));
            var asFile = await device.Send(new { chatId, message = new { type = "file", fileId } });
            Assert.Equal("file", asFile.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task An_over_long_bio_is_refused_with_invalid_request_and_changes_nothing()
    {
        var me = await NewUser();
        await using var device = await Device(me);
        var response = await device.Http.PutAsJsonAsync("/api/me", new { bio = new string('я', 501), fullName = "Не сменится" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var profile = (await device.Http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("user");
        Assert.NotEqual("Не сменится", profile.GetProperty("fullName").GetString());
        Assert.True((await device.Http.PutAsJsonAsync("/api/me", new { bio = new string('я', 500) })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Another_members_updates_of_one_chat_arrive_in_update_seq_order()
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var sender = await Device(a);
        await using var reader = await Device(b);
        var chatId = (await sender.SendText(b.Id, "start")).GetProperty("chatId").GetString()!;
        await reader.Next("new_message");

        var sends = Enumerable.Range(1, 50).Select(i => sender.Send(new { chatId, message = new { text = $"m{i}" } })).ToList();
        await Task.WhenAll(sends);
        await Call(sender, "react", new { chatId, seq = 2, emoji = "👍" });
        var received = new List<long>();
        for (var i = 0; i < 50; i++)
        {
            received.Add((await reader.Next("new_message")).GetProperty("updateSeq").GetInt64());
        }

        received.Add((await reader.Next("reactions_changed")).GetProperty("updateSeq").GetInt64());
        Assert.Equal(Enumerable.Range(2, 51).Select(i => (long)i), received);
    }
}
