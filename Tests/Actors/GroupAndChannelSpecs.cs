using ActorMessenger.Actors.Chat;
using ActorMessenger.Actors.Protocol;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Tests.Actors;

public sealed class GroupAndChannelSpecs(ITestOutputHelper output) : ChatSpecBase(output)
{
    [Fact]
    public void Creating_a_group_makes_the_creator_owner_and_records_it_in_the_history()
    {
        var chat = StartChat("g-new");
        var info = Ask<ChatCreatedReply>(chat, new CreateChat("g-new", ChatKind.Group, 1, "  Отдел продаж ", "про продажи", "💼", false, [2, 3, 2])).Info;
        Assert.Equal("Отдел продаж", info.Title);
        Assert.Equal(1, info.OwnerId);
        Assert.Equal(3, info.MemberCount);
        Assert.False(info.IsPublic);

        var intro = Ask<HistoryPage>(chat, new GetHistory("g-new", 2, null, 10)).Messages.Single();
        Assert.Equal(MessageTypes.System, intro.Type);
        Assert.Equal("chat_created", intro.System!.Action);
        Assert.Equal([2, 3], intro.System.UserIds);

        // Every member hears it live and gets the chat in their list.
        Assert.Single(Delivered<ChatUpdate>(3, UpdateTypes.NewMessage, 1));
        var details = Ask<ChatDetails>(chat, new GetInfo("g-new", 3));
        Assert.Equal([ChatRoles.Owner, ChatRoles.Member, ChatRoles.Member], details.Members.Select(m => m.Role));

        // The same creation again answers the same; a different creator is refused.
        Assert.Equal("g-new", Ask<ChatCreatedReply>(chat, new CreateChat("g-new", ChatKind.Group, 1, "x", null, null, false, [])).Info.ChatId);
        Assert.Equal(ErrorCodes.InvalidRequest, Refusal(chat, new CreateChat("g-new", ChatKind.Group, 9, "x", null, null, false, [])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_group_needs_a_title(string title)
    {
        var chat = StartChat("g-untitled");
        Assert.Equal(ErrorCodes.InvalidTitle, Refusal(chat, new CreateChat("g-untitled", ChatKind.Group, 1, title, null, null, false, [])));
        Assert.Equal(ErrorCodes.UnknownChat, Refusal(chat, new GetInfo("g-untitled", 1)));
    }

    [Fact]
    public void Only_the_owner_and_admins_manage_members_and_only_the_owner_appoints_admins()
    {
        var chat = StartGroup();
        Assert.Equal(ErrorCodes.Forbidden, Refusal(chat, new AddMembers("g-team", 2, [4])));
        Assert.Equal(ErrorCodes.Forbidden, Refusal(chat, new SetRole("g-team", 2, 3, ChatRoles.Admin)));
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, new AddMembers("g-team", 9, [4])));

        Ask<ChatChanged>(chat, new SetRole("g-team", 1, 2, ChatRoles.Admin));
        Assert.Equal(4, Ask<ChatChanged>(chat, new AddMembers("g-team", 2, [4])).Info.MemberCount);

        // An admin may remove members but not the owner or another admin.
        Ask<ChatChanged>(chat, new SetRole("g-team", 1, 3, ChatRoles.Admin));
        Assert.Equal(ErrorCodes.Forbidden, Refusal(chat, new RemoveMember("g-team", 2, 1)));
        Assert.Equal(ErrorCodes.Forbidden, Refusal(chat, new RemoveMember("g-team", 2, 3)));
        Assert.Equal(3, Ask<ChatChanged>(chat, new RemoveMember("g-team", 2, 4)).Info.MemberCount);
        Assert.Equal(ErrorCodes.InvalidRole, Refusal(chat, new SetRole("g-team", 1, 3, ChatRoles.Owner)));

        var history = Ask<HistoryPage>(chat, new GetHistory("g-team", 1, null, 50)).Messages.Select(m => m.System!.Action);
        Assert.Equal(["chat_created", "role_changed", "members_added", "role_changed", "member_removed"], history);
    }

    [Fact]
    public void A_removed_member_is_told_and_loses_access()
    {
        var chat = StartGroup();
        Ask<ChatChanged>(chat, new RemoveMember("g-team", 1, 3));
        var removed = Delivered<ChatRemovedEvent>(3, ClientEventNames.ChatRemoved, 1).Single();
        Assert.Equal("g-team", removed.ChatId);
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, Post("g-team", 3, "still here?")));
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, new GetHistory("g-team", 3, null, 10)));
        var notice = Users.FishForMessage<UserProtocol.MembershipNotice>(n => n.UserId == 3 && !n.IsMember, TimeSpan.FromSeconds(10));
        Assert.Equal("g-team", notice.ChatId);
    }

    [Fact]
    public void An_owner_who_leaves_hands_the_chat_to_the_longest_serving_admin()
    {
        var chat = StartGroup();
        Ask<ChatChanged>(chat, new SetRole("g-team", 1, 3, ChatRoles.Admin));
        var after = Ask<ChatChanged>(chat, new Leave("g-team", 1)).Info;
        Assert.Equal(3, after.OwnerId);
        Assert.Equal(2, after.MemberCount);
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, new Leave("g-team", 1)));

        var direct = StartChat("dm-1-2");
        Send(direct, "dm-1-2", 1, "hi");
        Assert.Equal(ErrorCodes.InvalidRequest, Refusal(direct, new Leave("dm-1-2", 1)));
    }

    [Fact]
    public void In_a_channel_only_admins_post_and_anyone_may_join_a_public_one()
    {
        var chat = StartChat("c-news");
        Ask<ChatCreatedReply>(chat, new CreateChat("c-news", ChatKind.Channel, 1, "Новости", "Что нового", "📰", true, []));
        Assert.Equal(2, Ask<ChatChanged>(chat, new Join("c-news", 2, null)).Info.MemberCount);
        Assert.Equal(2, Ask<ChatChanged>(chat, new Join("c-news", 2, null)).Info.MemberCount);

        Assert.Equal(ErrorCodes.Forbidden, Refusal(chat, Post("c-news", 2, "me too")));
        var post = Send(chat, "c-news", 1, "Первый выпуск");
        Assert.Equal(ChatKind.Channel, Ask<ChatSummary>(chat, new GetSummary("c-news", 2)).Info.Kind);
        // Subscribers joining a channel are counted, not announced to everyone.
        var toSubscriber = Delivered<ChatUpdate>(2, UpdateTypes.NewMessage, 1);
        Assert.Equal(post.Seq, toSubscriber.Single().Message.Seq);
        Assert.Equal(2, post.Seq);

        // A subscriber's read receipt is not broadcast to every subscriber.
        Ask<ChatChanged>(chat, new Join("c-news", 3, null));
        Ask<ReadMarked>(chat, new MarkRead("c-news", 2, post.Seq));
        var reads = DeliveredSoFar(chat, "c-news", ClientEventNames.MessagesRead);
        Assert.Equal([1, 2], reads.Single().UserIds.Order());
    }

    [Fact]
    public void A_large_channels_details_carry_the_first_page_of_members_and_the_rest_comes_in_pages_owner_and_admins_first()
    {
        var chat = StartChat("c-big");
        var subscribers = Enumerable.Range(2, 249).ToList();
        Assert.Equal(250, Ask<ChatCreatedReply>(chat, new CreateChat("c-big", ChatKind.Channel, 1, "Большой", null, null, true, subscribers)).Info.MemberCount);
        Ask<ChatChanged>(chat, new SetRole("c-big", 1, 200, ChatRoles.Admin));

        var details = Ask<ChatDetails>(chat, new GetInfo("c-big", 7));
        Assert.Equal(250, details.Info.MemberCount);
        Assert.Equal(100, details.Members.Count);
        Assert.True(details.MoreMembers);
        Assert.Equal([1, 200], details.Members.Take(2).Select(m => m.UserId));
        Assert.Equal([ChatRoles.Owner, ChatRoles.Admin, ChatRoles.Member], details.Members.Take(3).Select(m => m.Role));

        var pages = new List<MembersPage> { Ask<MembersPage>(chat, new GetMembers("c-big", 7, 100, 100)) };
        pages.Add(Ask<MembersPage>(chat, new GetMembers("c-big", 7, 200, 100)));
        Assert.True(pages[0].HasMore);
        Assert.False(pages[1].HasMore);
        Assert.Equal(50, pages[1].Members.Count);
        Assert.All(pages, p => Assert.Equal(250, p.Total));
        var all = details.Members.Concat(pages.SelectMany(p => p.Members)).Select(m => m.UserId).ToList();
        Assert.Equal(Enumerable.Range(1, 250), all.Order());

        // Past the end: an empty last page; a stranger gets no page.
        Assert.Empty(Ask<MembersPage>(chat, new GetMembers("c-big", 7, 250, 10)).Members);
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, new GetMembers("c-big", 999, 0, 10)));
        Assert.Empty(Ask<ChatDetails>(chat, new GetInfo("c-big", 999)).Members);
    }

    [Fact]
    public void A_member_page_never_carries_more_than_the_most_a_page_may()
    {
        var members = Enumerable.Range(1, MemberPages.MaxSize + 100).Select(id => new MemberEntry(id, ChatRoles.Member, DateTimeOffset.UnixEpoch.AddSeconds(id))).ToList();
        var (page, more) = MemberPages.Page(members, members.Count, 0, 10_000);
        Assert.Equal(MemberPages.MaxSize, page.Count);
        Assert.True(more);
        Assert.Equal(MemberPages.DefaultSize, MemberPages.Page(members, members.Count, 0, 0).Page.Count);
    }

    [Fact]
    public void Private_chats_are_joined_only_with_their_invite()
    {
        var chat = StartChat("c-secret");
        Ask<ChatCreatedReply>(chat, new CreateChat("c-secret", ChatKind.Channel, 1, "Секрет", null, null, false, []));
        Assert.Equal(ErrorCodes.InviteRequired, Refusal(chat, new Join("c-secret", 2, null)));
        Assert.Equal(ErrorCodes.InvalidInvite, Refusal(chat, new Join("c-secret", 2, "guess")));
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, new GetInvite("c-secret", 2)));
        Assert.Equal(ErrorCodes.NotMember, Refusal(chat, new GetInfo("c-secret", 2)));

        var invite = Ask<Invite>(chat, new GetInvite("c-secret", 1));
        Assert.Equal(2, Ask<ChatChanged>(chat, new Join("c-secret", 2, invite.Secret)).Info.MemberCount);

        var group = StartGroup("g-private");
        var groupInvite = Ask<Invite>(group, new GetInvite("g-private", 1));
        Assert.Equal(4, Ask<ChatChanged>(group, new Join("g-private", 5, groupInvite.Secret)).Info.MemberCount);
    }

    [Fact]
    public void Chat_info_changes_are_for_managers_and_show_in_the_history()
    {
        var chat = StartGroup();
        Assert.Equal(ErrorCodes.Forbidden, Refusal(chat, new UpdateInfo("g-team", 2, "Захват", null, null)));
        var info = Ask<ChatChanged>(chat, new UpdateInfo("g-team", 1, "Команда мечты", "описание", null)).Info;
        Assert.Equal("Команда мечты", info.Title);
        Assert.Equal("описание", info.Description);
        var last = Ask<HistoryPage>(chat, new GetHistory("g-team", 2, null, 1)).Messages.Single();
        Assert.Equal("chat_updated", last.System!.Action);

        chat = Restart(chat, "g-team");
        Assert.Equal("Команда мечты", Ask<ChatDetails>(chat, new GetInfo("g-team", 2)).Info.Title);
    }

    [Fact]
    public void A_group_has_a_member_limit()
    {
        var chat = StartChat("g-small", Settings() with { MaxGroupMembers = 3 });
        Assert.Equal(ErrorCodes.TooManyMembers, Refusal(chat, new CreateChat("g-small", ChatKind.Group, 1, "t", null, null, false, [2, 3, 4])));
        Ask<ChatCreatedReply>(chat, new CreateChat("g-small", ChatKind.Group, 1, "t", null, null, false, [2, 3]));
        Assert.Equal(ErrorCodes.TooManyMembers, Refusal(chat, new AddMembers("g-small", 1, [4])));
    }
}
