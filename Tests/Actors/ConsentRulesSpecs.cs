using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.User;
using Xunit;
using static ActorMessenger.Actors.User.ConsentRules;

namespace ActorMessenger.Tests.Actors;

public sealed class ConsentRulesSpecs
{
    [Theory]
    [InlineData(WhoCanAddMe.Everyone, false, false, null)]
    [InlineData(WhoCanAddMe.Everyone, false, true, null)]
    [InlineData(WhoCanAddMe.Everyone, true, true, ErrorCodes.PrivacyRestricted)]
    [InlineData(WhoCanAddMe.Contacts, false, false, ErrorCodes.PrivacyRestricted)]
    [InlineData(WhoCanAddMe.Contacts, false, true, null)]
    [InlineData(WhoCanAddMe.Contacts, true, true, ErrorCodes.PrivacyRestricted)]
    [InlineData(WhoCanAddMe.Nobody, false, false, ErrorCodes.PrivacyRestricted)]
    [InlineData(WhoCanAddMe.Nobody, false, true, ErrorCodes.PrivacyRestricted)]
    public void Who_may_add_a_user_follows_the_setting_and_the_block_list(string setting, bool adderBlocked, bool sharesDirectChat, string? expected) =>
        Assert.Equal(expected, CanAdd(5, 7, setting, adderBlocked, sharesDirectChat)?.Code);

    [Fact]
    public void A_user_always_may_add_themselves() =>
        Assert.Null(CanAdd(5, 5, WhoCanAddMe.Nobody, adderBlocked: false, sharesDirectChat: false));

    [Theory]
    [InlineData("everyone", true)]
    [InlineData("contacts", true)]
    [InlineData("nobody", true)]
    [InlineData("Nobody", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_the_three_values_are_a_setting(string? value, bool valid)
    {
        Assert.Equal(valid, WhoCanAddMe.IsValid(value));
        Assert.Equal(valid ? null : ErrorCodes.InvalidRequest, CanSetPrivacy(value)?.Code);
    }

    [Fact]
    public void Nobody_blocks_themselves_or_a_non_positive_id_and_the_list_is_bounded()
    {
        Assert.Equal(ErrorCodes.InvalidRequest, CanBlock(5, 5, true, 0, false)?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, CanBlock(5, 0, true, 0, false)?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, CanBlock(5, 6, true, MaxBlocked, false)?.Code);
        Assert.Null(CanBlock(5, 6, true, MaxBlocked, true));
        Assert.Null(CanBlock(5, 6, false, MaxBlocked, true));
        Assert.Null(CanBlock(5, 6, true, 0, false));
    }

    [Fact]
    public void While_either_member_blocks_the_other_neither_writes_in_their_direct_chat()
    {
        Assert.Null(CanWriteDirect([], 1));
        Assert.Equal(ErrorCodes.Blocked, CanWriteDirect([2], 1)?.Code);
        var own = CanWriteDirect([2], 2);
        Assert.Equal(ErrorCodes.Blocked, own?.Code);
        Assert.Contains("unblock", own!.Message, StringComparison.Ordinal);
    }
}
