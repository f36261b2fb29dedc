using System.Net;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Invites that rotate, expire, run out and can be revoked, through the .NET SignalR client.</summary>
public sealed class InvitesEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task<TestUser> NewUser() => TestAccounts.Register(server.Address);

    private Task<MessengerClient> Device(TestUser user) => TestAccounts.Device(server.Address, user);

    private static Task<JsonElement> Call(MessengerClient c, string method, object payload) => c.Hub.InvokeAsync<JsonElement>(method, payload);

    private static string InviteOf(JsonElement answer) => answer.GetProperty("invite").GetString()!;

    [Fact]
    public async Task A_removed_group_admin_cannot_rejoin_with_the_invite_they_knew()
    {
        var (owner, ann) = (await NewUser(), await NewUser());
        await using var o = await Device(owner);
        await using var a = await Device(ann);
        var chatId = (await Call(o, "create_group", new { title = "Штаб", memberIds = new[] { ann.Id } })).GetProperty("chatId").GetString()!;
        await Call(o, "set_role", new { chatId, userId = ann.Id, role = "admin" });
        var known = InviteOf(await Call(a, "get_invite", new { chatId }));

        await Call(o, "remove_member", new { chatId, userId = ann.Id });
        await o.Send(new { chatId, message = new { text = "после ухода Анны" } });

        Assert.Equal("invite_revoked", await HubErrors.CodeOf(() => Call(a, "join_chat", new { invite = known })));
        Assert.Equal(HttpStatusCode.Forbidden, (await a.Http.GetAsync(new Uri($"/api/messages/{chatId}", UriKind.Relative))).StatusCode);
        var current = InviteOf(await Call(o, "get_invite", new { chatId }));
        Assert.NotEqual(known, current);
    }

    [Fact]
    public async Task A_removed_private_channel_subscriber_cannot_rejoin_with_the_old_invite()
    {
        var (owner, reader) = (await NewUser(), await NewUser());
        await using var o = await Device(owner);
        await using var r = await Device(reader);
        var chatId = (await Call(o, "create_channel", new { name = "Закрытый", isPublic = false })).GetProperty("chatId").GetString()!;
        var invite = InviteOf(await Call(o, "get_invite", new { chatId }));
        await Call(r, "join_chat", new { invite });

        await Call(o, "remove_member", new { chatId, userId = reader.Id });
        await r.Next("chat_removed");
        Assert.Equal("invite_revoked", await HubErrors.CodeOf(() => Call(r, "join_chat", new { invite })));
        Assert.Equal("invite_required", await HubErrors.CodeOf(() => Call(r, "join_chat", new { chatId })));
    }

    [Fact]
    public async Task Owners_revoke_and_regenerate_invites_with_an_expiry_and_a_use_limit()
    {
        var (owner, member, first, second, late) = (await NewUser(), await NewUser(), await NewUser(), await NewUser(), await NewUser());
        await using var o = await Device(owner);
        await using var m = await Device(member);
        await using var f = await Device(first);
        await using var s = await Device(second);
        await using var l = await Device(late);
        var chatId = (await Call(o, "create_group", new { title = "Клуб", memberIds = new[] { member.Id } })).GetProperty("chatId").GetString()!;
        Assert.Equal("forbidden", await HubErrors.CodeOf(() => Call(m, "get_invite", new { chatId })));
        Assert.Equal("forbidden", await HubErrors.CodeOf(() => Call(m, "revoke_invite", new { chatId })));

        var original = InviteOf(await Call(o, "get_invite", new { chatId }));
        var revoked = await Call(o, "revoke_invite", new { chatId });
        Assert.Equal(JsonValueKind.Null, revoked.GetProperty("invite").ValueKind);
        Assert.Equal("invite_revoked", await HubErrors.CodeOf(() => Call(f, "join_chat", new { invite = original })));

        var once = await Call(o, "get_invite", new { chatId, maxUses = 1, expiresIn = 3600 });
        Assert.Equal(1, once.GetProperty("maxUses").GetInt32());
        Assert.Equal(0, once.GetProperty("uses").GetInt32());
        Assert.True(once.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        await Call(f, "join_chat", new { invite = InviteOf(once) });
        Assert.Equal("invite_used_up", await HubErrors.CodeOf(() => Call(s, "join_chat", new { invite = InviteOf(once) })));

        var regenerated = InviteOf(await Call(o, "get_invite", new { chatId, regenerate = true }));
        Assert.Equal("invite_revoked", await HubErrors.CodeOf(() => Call(s, "join_chat", new { invite = InviteOf(once) })));
        Assert.Equal(4, (await Call(s, "join_chat", new { invite = regenerated })).GetProperty("memberCount").GetInt32());

        var brief = await Call(o, "get_invite", new { chatId, expiresIn = 1 });
        var expiresAt = brief.GetProperty("expiresAt").GetDateTimeOffset();
        await Poll.Until(() => DateTimeOffset.UtcNow > expiresAt);
        Assert.Equal("invite_expired", await HubErrors.CodeOf(() => Call(l, "join_chat", new { invite = InviteOf(brief) })));

        Assert.Equal("invalid_request", await HubErrors.CodeOf(() => Call(o, "get_invite", new { chatId, maxUses = 0 })));
        Assert.Equal("invalid_request", await HubErrors.CodeOf(() => Call(o, "get_invite", new { chatId, expiresIn = -5 })));
    }

}
