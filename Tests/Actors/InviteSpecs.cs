using ActorMessenger.Actors.Protocol;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

public sealed class InviteSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    private const string Group = "g-team";

    [Fact]
    public void Removing_a_member_or_demoting_an_admin_rotates_the_invite_and_the_old_one_answers_invite_revoked()
    {
        var group = StartGroup();
        var first = Ask<Invite>(group, new GetInvite(Group, 1)).Secret!;
        Assert.Equal(first, Ask<Invite>(group, new GetInvite(Group, 1)).Secret);

        Ask<ChatChanged>(group, new RemoveMember(Group, 1, 3));
        var second = Ask<Invite>(group, new GetInvite(Group, 1)).Secret!;
        Assert.NotEqual(first, second);
        Assert.Equal(ErrorCodes.InviteRevoked, Refusal(group, new Join(Group, 3, first)));

        Ask<ChatChanged>(group, new SetRole(Group, 1, 2, ChatRoles.Admin));
        Assert.Equal(second, Ask<Invite>(group, new GetInvite(Group, 2)).Secret);
        Ask<ChatChanged>(group, new SetRole(Group, 1, 2, ChatRoles.Member));
        var third = Ask<Invite>(group, new GetInvite(Group, 1)).Secret!;
        Assert.NotEqual(second, third);

        // Leaving by oneself rotates nothing; the new invite still works, after a restart too.
        Ask<ChatChanged>(group, new Leave(Group, 2));
        Assert.Equal(third, Ask<Invite>(group, new GetInvite(Group, 1)).Secret);
        group = Restart(group, Group);
        Assert.Equal(ErrorCodes.InviteRevoked, Refusal(group, new Join(Group, 3, second)));
        Assert.Equal(2, Ask<ChatChanged>(group, new Join(Group, 3, third)).Info.MemberCount);
    }

    [Fact]
    public void A_revoked_invite_stops_working_until_one_is_asked_for_again()
    {
        var group = StartGroup();
        var old = Ask<Invite>(group, new GetInvite(Group, 1)).Secret!;
        Assert.Equal(ErrorCodes.Forbidden, Refusal(group, new RevokeInvite(Group, 2)));
        Assert.Null(Ask<Invite>(group, new RevokeInvite(Group, 1)).Secret);
        Assert.Equal(ErrorCodes.InviteRevoked, Refusal(group, new Join(Group, 7, old)));
        Assert.Equal(ErrorCodes.InviteRequired, Refusal(group, new Join(Group, 7, null)));
        Assert.Equal(ErrorCodes.InvalidInvite, Refusal(group, new Join(Group, 7, "guess")));

        group = Restart(group, Group);
        Assert.Equal(ErrorCodes.InviteRevoked, Refusal(group, new Join(Group, 7, old)));
        var fresh = Ask<Invite>(group, new GetInvite(Group, 1)).Secret!;
        Assert.NotEqual(old, fresh);
        Assert.Equal(4, Ask<ChatChanged>(group, new Join(Group, 7, fresh)).Info.MemberCount);
    }

    [Fact]
    public void An_invite_with_a_use_limit_admits_that_many_and_then_answers_invite_used_up()
    {
        var group = StartGroup();
        var limited = Ask<Invite>(group, new GetInvite(Group, 1, MaxUses: 2));
        Assert.Equal(2, limited.MaxUses);
        Ask<ChatChanged>(group, new Join(Group, 7, limited.Secret));
        Ask<ChatChanged>(group, new Join(Group, 7, limited.Secret));
        group = Restart(group, Group);
        Ask<ChatChanged>(group, new Join(Group, 8, limited.Secret));
        Assert.Equal(2, Ask<Invite>(group, new GetInvite(Group, 1)).Uses);
        Assert.Equal(ErrorCodes.InviteUsedUp, Refusal(group, new Join(Group, 9, limited.Secret)));

        // Rotated by a removal, the invite keeps its limit and its count.
        Ask<ChatChanged>(group, new RemoveMember(Group, 1, 8));
        var rotated = Ask<Invite>(group, new GetInvite(Group, 1));
        Assert.Equal((2, 2), (rotated.MaxUses!.Value, rotated.Uses));
        Assert.Equal(ErrorCodes.InviteUsedUp, Refusal(group, new Join(Group, 9, rotated.Secret)));
    }

    [Fact]
    public void An_invite_past_its_expiry_answers_invite_expired()
    {
        var group = StartGroup();
        var brief = Ask<Invite>(group, new GetInvite(Group, 1, ExpiresIn: TimeSpan.FromMilliseconds(1)));
        Assert.NotNull(brief.ExpiresAt);
        AwaitAssert(() => Assert.True(DateTimeOffset.UtcNow > brief.ExpiresAt));
        Assert.Equal(ErrorCodes.InviteExpired, Refusal(group, new Join(Group, 7, brief.Secret)));

        var lasting = Ask<Invite>(group, new GetInvite(Group, 1, ExpiresIn: TimeSpan.FromDays(1)));
        Assert.Equal(4, Ask<ChatChanged>(group, new Join(Group, 7, lasting.Secret)).Info.MemberCount);
    }
}
