using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Groups, channels and message features through the real server and the .NET SignalR client.</summary>
public sealed class ChatsEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task<TestUser> NewUser(string? fullName = null) => TestAccounts.Register(server.Address, fullName);

    private Task<MessengerClient> Device(TestUser user) => TestAccounts.Device(server.Address, user);

    private static Task<JsonElement> Call(MessengerClient c, string method, object payload) => c.Hub.InvokeAsync<JsonElement>(method, payload);

    private static Func<JsonElement, bool> Seq(long seq) => e => e.GetProperty("message").GetProperty("seq").GetInt64() == seq;

    [Fact]
    public async Task A_group_is_created_grown_shrunk_and_left_with_every_member_told()
    {
        var (owner, ann, bob) = (await NewUser(), await NewUser(), await NewUser());
        await using var o = await Device(owner);
        await using var a = await Device(ann);
        await using var b = await Device(bob);

        var group = await Call(o, "create_group", new { title = "Проект", memberIds = new[] { ann.Id } });
        var chatId = group.GetProperty("chatId").GetString()!;
        Assert.Equal("group", group.GetProperty("kind").GetString());
        var intro = (await a.Next("new_message")).GetProperty("message");
        Assert.Equal(chatId, intro.GetProperty("chatId").GetString());
        Assert.Equal("chat_created", intro.GetProperty("system").GetProperty("action").GetString());

        await Call(o, "add_members", new { chatId, userIds = new[] { bob.Id } });
        var added = await b.Next("new_message", m => m.GetProperty("message").GetProperty("system").GetProperty("action").GetString() == "members_added");
        Assert.Equal(bob.Id, added.GetProperty("message").GetProperty("system").GetProperty("userIds")[0].GetInt32());

        var text = await b.Send(new { chatId, message = new { text = "Всем привет" } });
        await a.Next("new_message", Seq(text.GetProperty("seq").GetInt64()));

        Assert.Equal("forbidden", await HubErrors.CodeOf(() => Call(a, "remove_member", new { chatId, userId = bob.Id })));
        await Call(o, "set_role", new { chatId, userId = ann.Id, role = "admin" });
        await Call(a, "remove_member", new { chatId, userId = bob.Id });
        var removed = await b.Next("chat_removed");
        Assert.Equal(chatId, removed.GetProperty("chatId").GetString());
        Assert.Equal("not_member", await HubErrors.CodeOf(() => b.Send(new { chatId, message = new { text = "я вернулся" } })));

        var left = await Call(o, "leave_chat", new { chatId });
        Assert.Equal(ann.Id, left.GetProperty("ownerId").GetInt32());

        var details = await a.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}");
        Assert.Equal("owner", details.GetProperty("members").EnumerateArray().Single().GetProperty("role").GetString());

        var chats = await a.Http.GetFromJsonAsync<JsonElement>("/api/chats");
        var listed = chats.GetProperty("chats").EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chatId);
        Assert.Equal("group", listed.GetProperty("kind").GetString());
        Assert.Equal("Проект", listed.GetProperty("title").GetString());
        Assert.Equal("owner", listed.GetProperty("myRole").GetString());
    }

    [Fact]
    public async Task A_channel_post_reaches_every_online_subscriber_in_one_send()
    {
        // More subscribers than the outbox sends to one by one: the post goes out in a single
        // SignalR call for all their connections (see ConnectionOutboxActor).
        var admin = await NewUser();
        await using var adminDevice = await Device(admin);
        var channel = await Call(adminDevice, "create_channel", new { name = "Объявления " + Guid.NewGuid().ToString("N")[..6], isPublic = true });
        var chatId = channel.GetProperty("chatId").GetString()!;
        var readers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => await Device(await NewUser())));
        try
        {
            foreach (var reader in readers)
            {
                await Call(reader, "join_chat", new { chatId });
            }

            var post = await adminDevice.Send(new { chatId, message = new { text = "Всем привет" } });
            var seq = post.GetProperty("seq").GetInt64();
            var delivered = await Task.WhenAll(readers.Select(r => r.Next("new_message", Seq(seq))));
            Assert.All(delivered, d => Assert.Equal("Всем привет", d.GetProperty("message").GetProperty("text").GetString()));
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_channels_members_come_as_a_count_and_a_first_page_and_the_rest_in_pages()
    {
        var admin = await NewUser();
        await using var adminDevice = await Device(admin);
        var channel = await Call(adminDevice, "create_channel", new { name = "Подписчики " + Guid.NewGuid().ToString("N")[..6], isPublic = true });
        var chatId = channel.GetProperty("chatId").GetString()!;
        var readers = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var reader = await NewUser();
            readers.Add(reader);
            await using var device = await Device(reader);
            await Call(device, "join_chat", new { chatId });
        }

        var details = await adminDevice.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}");
        Assert.Equal(4, details.GetProperty("chat").GetProperty("memberCount").GetInt32());
        Assert.Equal(4, details.GetProperty("members").GetArrayLength());
        Assert.False(details.GetProperty("moreMembers").GetBoolean());

        var first = await adminDevice.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}/members?limit=2");
        Assert.Equal(4, first.GetProperty("memberCount").GetInt32());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal([admin.Id, readers[0].Id], first.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetInt32()));
        Assert.Equal("owner", first.GetProperty("members")[0].GetProperty("role").GetString());
        var rest = await adminDevice.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}/members?offset=2&limit=2");
        Assert.False(rest.GetProperty("hasMore").GetBoolean());
        Assert.Equal([readers[1].Id, readers[2].Id], rest.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetInt32()));

        var bad = await adminDevice.Http.GetAsync(new Uri($"/api/chats/{chatId}/members?offset=-1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid_request", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await using var stranger = await Device(await NewUser());
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Http.GetAsync(new Uri($"/api/chats/{chatId}/members", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_public_channel_is_found_joined_and_read_while_only_admins_post()
    {
        var (admin, reader) = (await NewUser(), await NewUser());
        await using var adminDevice = await Device(admin);
        await using var readerDevice = await Device(reader);
        var name = "Новости " + Guid.NewGuid().ToString("N")[..6];
        var channel = await Call(adminDevice, "create_channel", new { name, description = "Главное за день", icon = "📰", isPublic = true });
        var chatId = channel.GetProperty("chatId").GetString()!;

        // The catalog is written just after the chat answers (see docs/protocol.md, Search).
        await Poll.Until(async () =>
        {
            var found = await readerDevice.Http.GetFromJsonAsync<JsonElement>($"/api/search/channels?q={Uri.EscapeDataString(name.ToUpperInvariant())}");
            return found.GetProperty("channels").EnumerateArray().SingleOrDefault() is { ValueKind: JsonValueKind.Object } channel
                && channel.GetProperty("chatId").GetString() == chatId;
        });

        var joined = await Call(readerDevice, "join_chat", new { chatId });
        Assert.Equal(2, joined.GetProperty("memberCount").GetInt32());

        var post = await adminDevice.Send(new { chatId, message = new { text = "Выпуск №1" } });
        var delivered = await readerDevice.Next("new_message", Seq(post.GetProperty("seq").GetInt64()));
        Assert.Equal("Выпуск №1", delivered.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("forbidden", await HubErrors.CodeOf(() => readerDevice.Send(new { chatId, message = new { text = "можно мне?" } })));

        await Poll.Until(async () =>
        {
            var again = await readerDevice.Http.GetFromJsonAsync<JsonElement>($"/api/search/channels?q={Uri.EscapeDataString(name)}");
            return again.GetProperty("channels")[0].GetProperty("memberCount").GetInt32() == 2;
        });
    }

    [Fact]
    public async Task A_private_channel_is_joined_with_its_invite_only()
    {
        var (owner, guest) = (await NewUser(), await NewUser());
        await using var o = await Device(owner);
        await using var g = await Device(guest);
        var chatId = (await Call(o, "create_channel", new { name = "Закрытый клуб", isPublic = false })).GetProperty("chatId").GetString()!;
        Assert.Equal("invite_required", await HubErrors.CodeOf(() => Call(g, "join_chat", new { chatId })));
        Assert.Equal("invalid_invite", await HubErrors.CodeOf(() => Call(g, "join_chat", new { invite = chatId + ".wrong" })));
        Assert.Equal("not_member", await HubErrors.CodeOf(() => Call(g, "get_invite", new { chatId })));

        var invite = (await Call(o, "get_invite", new { chatId })).GetProperty("invite").GetString()!;
        Assert.Equal(2, (await Call(g, "join_chat", new { invite })).GetProperty("memberCount").GetInt32());
        var search = await g.Http.GetFromJsonAsync<JsonElement>("/api/search/channels?q=Закрытый");
        Assert.Equal(0, search.GetProperty("channels").GetArrayLength());
    }

    [Fact]
    public async Task Replies_forwards_edits_reactions_pins_and_deletions_reach_the_other_side_live()
    {
        var (a, b, c) = (await NewUser(), await NewUser(), await NewUser());
        await using var aDev = await Device(a);
        await using var bDev = await Device(b);
        await using var cDev = await Device(c);

        var question = await aDev.SendText(b.Id, "Во сколько встреча?");
        var chatId = question.GetProperty("chatId").GetString()!;
        var answer = await bDev.Send(new { chatId, message = new { text = "В 15:00", replyTo = question.GetProperty("seq").GetInt64() } });
        Assert.Equal(1, (await aDev.Next("new_message", Seq(2))).GetProperty("message").GetProperty("replyTo").GetInt64());

        var edited = await Call(bDev, "edit_message", new { chatId, seq = 2, text = "В 16:00" });
        Assert.True(edited.GetProperty("message").GetProperty("edited").GetBoolean());
        var seenEdit = await aDev.Next("message_edited");
        Assert.Equal("В 16:00", seenEdit.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("forbidden", await HubErrors.CodeOf(() => Call(aDev, "edit_message", new { chatId, seq = 2, text = "В 17:00" })));

        await Call(aDev, "react", new { chatId, seq = 2, emoji = "👍" });
        var reaction = await bDev.Next("reactions_changed");
        Assert.Equal(a.Id, reaction.GetProperty("message").GetProperty("reactions").GetProperty("👍")[0].GetInt32());

        await Call(aDev, "pin_message", new { chatId, seq = 2 });
        Assert.Equal(2, (await bDev.Next("message_pinned")).GetProperty("pin").GetProperty("seq").GetInt64());
        var pins = await bDev.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}/pins");
        Assert.Equal("В 16:00", pins.GetProperty("pins")[0].GetProperty("message").GetProperty("text").GetString());

        // Forward into another chat keeps the original author and place.
        var forwarded = await Call(aDev, "forward_message", new { fromChatId = chatId, seq = 2, recipientId = c.Id });
        var forward = forwarded.GetProperty("forward");
        Assert.Equal(b.Id, forward.GetProperty("originalSenderId").GetInt32());
        Assert.Equal(chatId, forward.GetProperty("fromChatId").GetString());
        Assert.Equal("В 16:00", (await cDev.Next("new_message")).GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("not_member", await HubErrors.CodeOf(() => Call(cDev, "forward_message", new { fromChatId = chatId, seq = 1, recipientId = a.Id })));

        await Call(bDev, "delete_message", new { chatId, seq = 2 });
        var deleted = await aDev.Next("message_deleted");
        Assert.True(deleted.GetProperty("message").GetProperty("deleted").GetBoolean());
        Assert.Equal(string.Empty, deleted.GetProperty("message").GetProperty("text").GetString());
        var history = await aDev.Http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}");
        Assert.True(history.GetProperty("messages")[1].GetProperty("deleted").GetBoolean());
        Assert.Equal(0, (await aDev.Http.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}/pins")).GetProperty("pins").GetArrayLength());
    }

    [Fact]
    public async Task Typing_is_shown_to_the_other_member()
    {
        var (a, b) = (await NewUser(), await NewUser());
        await using var aDev = await Device(a);
        await using var bDev = await Device(b);
        var chatId = (await aDev.SendText(b.Id, "hi")).GetProperty("chatId").GetString()!;
        await aDev.Hub.InvokeAsync("typing", new { chatId });
        var typing = await bDev.Next("typing");
        Assert.Equal(a.Id, typing.GetProperty("userId").GetInt32());
        Assert.Equal(chatId, typing.GetProperty("chatId").GetString());
        Assert.Empty(aDev.Log("typing").All);
    }

    [Fact]
    public async Task A_reconnecting_client_gets_everything_it_missed_in_order_with_no_gap_or_duplicate()
    {
        var (a, b, c) = (await NewUser(), await NewUser(), await NewUser());
        await using var aDev = await Device(a);
        var groupId = (await Call(aDev, "create_group", new { title = "Синк", memberIds = new[] { b.Id } })).GetProperty("chatId").GetString()!;
        var directId = (await aDev.SendText(b.Id, "до отключения")).GetProperty("chatId").GetString()!;

        // B syncs once, remembers the cursors, goes offline.
        var cursors = new Dictionary<string, long>();
        await using (var bFirst = await Device(b))
        {
            var first = await Call(bFirst, "sync", new { });
            foreach (var chat in first.GetProperty("chats").EnumerateArray())
            {
                cursors[chat.GetProperty("chatId").GetString()!] = chat.GetProperty("updates").EnumerateArray().Last().GetProperty("updateSeq").GetInt64();
            }
        }

        Assert.Equal(2, cursors.Count);

        // While B is away.
        for (var i = 1; i <= 5; i++)
        {
            await aDev.Send(new { chatId = groupId, message = new { text = $"пропущено {i}" } });
        }

        await Call(aDev, "edit_message", new { chatId = groupId, seq = 2, text = "пропущено 1 (правка)" });
        await Call(aDev, "delete_message", new { chatId = groupId, seq = 3 });
        await Call(aDev, "pin_message", new { chatId = groupId, seq = 4 });
        await Call(aDev, "add_members", new { chatId = groupId, userIds = new[] { c.Id } });
        await aDev.SendText(b.Id, "в личку");
        var channelId = (await Call(aDev, "create_channel", new { name = "Новый канал " + Guid.NewGuid().ToString("N")[..4] })).GetProperty("chatId").GetString()!;

        await using var bBack = await Device(b);
        var updates = new Dictionary<string, List<JsonElement>>();
        var request = cursors.Select(kv => new { chatId = kv.Key, updateSeq = kv.Value }).ToList();
        var reply = await Call(bBack, "sync", new { chats = request, limit = 3 });
        while (true)
        {
            var more = false;
            foreach (var chat in reply.GetProperty("chats").EnumerateArray())
            {
                var id = chat.GetProperty("chatId").GetString()!;
                var list = updates.TryGetValue(id, out var l) ? l : updates[id] = [];
                list.AddRange(chat.GetProperty("updates").EnumerateArray());
                if (list.Count > 0)
                {
                    cursors[id] = list[^1].GetProperty("updateSeq").GetInt64();
                }

                more |= chat.GetProperty("hasMore").GetBoolean();
            }

            if (!more)
            {
                break;
            }

            reply = await Call(bBack, "sync", new { chats = cursors.Select(kv => new { chatId = kv.Key, updateSeq = kv.Value }).ToList(), limit = 3 });
        }

        var group = updates[groupId];
        var seqs = group.Select(u => u.GetProperty("updateSeq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
        Assert.Equal(
            ["new_message", "new_message", "new_message", "new_message", "new_message", "message_edited", "message_deleted", "message_pinned", "new_message"],
            group.Select(u => u.GetProperty("type").GetString()));
        Assert.DoesNotContain(group, u => u.GetProperty("message").GetProperty("text").GetString() == "пропущено 2");
        Assert.Equal("в личку", updates[directId].Single().GetProperty("message").GetProperty("text").GetString());
        Assert.False(updates.ContainsKey(channelId));
    }

    [Fact]
    public async Task Files_are_uploaded_for_a_chat_sent_as_messages_and_given_only_to_its_members()
    {
        var (a, b, outsider) = (await NewUser(), await NewUser(), await NewUser());
        await using var aDev = await Device(a);
        await using var bDev = await Device(b);
        var chatId = (await aDev.SendText(b.Id, "лови файл")).GetProperty("chatId").GetString()!;

        var bytes = System.Text.Encoding.UTF8.GetBytes("отчёт за ноябрь");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chatId" },
            { new ByteArrayContent(bytes) { Headers = { ContentType = new("text/plain") } }, "file", "отчёт.txt" },
        };
        var upload = await aDev.Http.PostAsync(new Uri("/api/files", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var fileId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetString()!;

        var sent = await aDev.Send(new { chatId, message = new { type = "file", fileId, text = "см. вложение" } });
        Assert.Equal("отчёт.txt", sent.GetProperty("attachment").GetProperty("name").GetString());
        var received = await bDev.Next("new_message", m => m.GetProperty("message").GetProperty("type").GetString() == "file");
        Assert.Equal(bytes.Length, received.GetProperty("message").GetProperty("attachment").GetProperty("size").GetInt64());

        var download = await bDev.Http.GetAsync(new Uri($"/api/files/{fileId}", UriKind.Relative));
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        using var outsiderHttp = MessengerClient.Authorized(server.Address, outsider.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiderHttp.GetAsync(new Uri($"/api/files/{fileId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderHttp.GetAsync(new Uri($"/api/files/{new string('0', 32)}", UriKind.Relative))).StatusCode);

        // The file belongs to its chat and uploader: it cannot be smuggled elsewhere.
        Assert.Equal("invalid_attachment", await HubErrors.CodeOf(() => bDev.Send(new { chatId, message = new { type = "file", fileId } })));
        Assert.Equal("invalid_attachment", await HubErrors.CodeOf(() => aDev.Send(new { recipientId = outsider.Id, message = new { type = "file", fileId } })));

        using var toOutsiderChat = new MultipartFormDataContent
        {
            { new StringContent(ChatOf(b.Id, outsider.Id)), "chatId" },
            { new ByteArrayContent(bytes), "file", "x.txt" },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await aDev.Http.PostAsync(new Uri("/api/files", UriKind.Relative), toOutsiderChat)).StatusCode);
    }

    [Fact]
    public async Task Uploads_over_the_size_limit_are_refused()
    {
        await using var small = new TempDirectoryServer("--Messenger:MaxUploadBytes", "1000");
        await small.StartAsync();
        var (id, token) = await MessengerClient.LoginAsync(small.Address, "user1", "123456");
        using var http = MessengerClient.Authorized(small.Address, token);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ChatOf(id, id + 1)), "chatId" },
            { new ByteArrayContent(new byte[5000]), "file", "big.bin" },
        };
        var response = await http.PostAsync(new Uri("/api/files", UriKind.Relative), form);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, response.StatusCode.ToString());
        Assert.Equal("file_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Search_finds_my_messages_in_russian_users_by_name_and_nothing_from_other_chats()
    {
        var (a, b, c) = (await NewUser("Алиса Громова"), await NewUser(), await NewUser());
        await using var aDev = await Device(a);
        await using var cDev = await Device(c);
        var word = "квартальный" + Guid.NewGuid().ToString("N")[..6];
        await aDev.SendText(b.Id, $"Готов {word} отчёт по продажам");
        await cDev.SendText(b.Id, $"Мой {word} отчёт секретный");

        await Poll.Until(async () =>
        {
            var found = await aDev.Http.GetFromJsonAsync<JsonElement>($"/api/search/messages?q={Uri.EscapeDataString(word.ToUpperInvariant()[..8] + " отч")}");
            var texts = found.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
            return texts.Count == 1 && texts[0]!.Contains("продажам", StringComparison.Ordinal);
        });

        var users = await aDev.Http.GetFromJsonAsync<JsonElement>("/api/search/users?q=громова");
        Assert.Contains(users.GetProperty("users").EnumerateArray(), u => u.GetProperty("id").GetInt32() == a.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await aDev.Http.GetAsync(new Uri("/api/search/messages?q=", UriKind.Relative))).StatusCode);
        var hostile = await aDev.Http.GetAsync(new Uri("/api/search/messages?q=" + Uri.EscapeDataString("\" OR * NEAR("), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, hostile.StatusCode);
    }

    [Fact]
    public async Task A_profile_is_edited_and_a_password_changed_by_its_owner()
    {
        var user = await NewUser();
        using var http = MessengerClient.Authorized(server.Address, user.Token);
        var put = await http.PutAsJsonAsync("/api/me", new { fullName = "Новое Имя", avatar = "🦉", bio = "Сова" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Новое Имя", me.GetProperty("user").GetProperty("fullName").GetString());
        Assert.Equal("🦉", me.GetProperty("user").GetProperty("avatar").GetString());
        var listed = (await http.GetFromJsonAsync<JsonElement>("/api/users")).GetProperty("users").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == user.Id);
        Assert.Equal("Сова", listed.GetProperty("bio").GetString());

        var wrong = await http.PostAsJsonAsync("/api/me/password", new { currentPassword = "not-it", newPassword = "brand-new-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var ok = await http.PostAsJsonAsync("/api/me/password", new { currentPassword = user.Password, newPassword = "brand-new-1" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var anon = MessengerClient.Anonymous(server.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/login", new { username = user.Username, password = user.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/login", new { username = user.Username, password = "brand-new-1" })).StatusCode);
    }

    private static string ChatOf(int x, int y) => x < y ? $"dm-{x}-{y}" : $"dm-{y}-{x}";

}
