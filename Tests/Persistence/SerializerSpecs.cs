using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Serialization;
using ActorMessenger.Tests.Support;
using Akka.Serialization;
using ConsentRulesValues = ActorMessenger.Actors.User.ConsentRules.WhoCanAddMe;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.AdminEvents;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.DirectoryEvents;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Tests.Persistence;

public sealed class SerializerSpecs : StoreSpec
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);
    private static readonly MessageView Message = new("dm-1-2:3", "dm-1-2", 3, 1, "Привет 👋", "text", At, "client-9");
    private static readonly MessageView SystemNote = new("g-1:1", "g-1", 1, 1, "", MessageTypes.System, At, null, System: new SystemEvent("members_added", 1, [4, 5], Title: "Отдел"));


    public SerializerSpecs(ITestOutputHelper output)
        : base("serializer-specs", output)
    {
    }

    /// <summary>One sample of every persisted type; the completeness test below keeps this list whole.</summary>
    public static TheoryData<IPersisted> Samples() =>
    [
        new ChatCreated("dm-1-2", ChatKind.Direct, [new MemberEntry(1, ChatRoles.Member, At), new MemberEntry(2, ChatRoles.Member, At)], At),
        new ChatCreated("g-1", ChatKind.Group, [new MemberEntry(1, ChatRoles.Owner, At)], At, "Отдел", "desc", "🏢", false, "secret", SystemNote),
        new MessagePosted(Message),
        new MessagePosted(Message with { ClientId = null, ReplyTo = 2, Forward = new ForwardInfo("dm-1-3", 4, 3, At), Attachment = new AttachmentView("f1", "отчёт.pdf", 1234, "application/pdf") }),
        new MessageChanged(Message with { EditedAt = At, Reactions = new Dictionary<string, IReadOnlyList<int>> { ["👍"] = [1, 2] } }, UpdateTypes.ReactionsChanged),
        new MessagePosted(Message with { Text = string.Empty }, Redacted: true),
        new MessageChanged(Message with { Text = string.Empty, EditedAt = At }, UpdateTypes.MessageEdited, Redacted: true),
        new PinChanged(3, true, 1, At),
        new MembershipChanged([new MemberEntry(4, ChatRoles.Admin, At)], [5], SystemNote),
        new MembershipChanged([new MemberEntry(6, ChatRoles.Member, At)], [], null, "invite-secret"),
        new InviteChanged("new-secret", At, 10, 3),
        new InviteChanged(null, null, null, 0),
        new InfoChanged("Новое", null, "📌", SystemNote),
        new ReadPositionAdvanced(2, 3),
        new MembersNotified([1, 2]),
        new HistoryCleared(42, 1, At),
        new DirectBlockChanged(2, true, At),
        new ChatSnapshot(
            new ChatSnapshotInfo("g-1", ChatKind.Group, "Отдел", null, null, false, "secret", At),
            [new MemberEntry(1, ChatRoles.Owner, At)],
            3,
            5,
            [new SnapshotMessage(Message, 4)],
            [new UpdateRecord(5, UpdateTypes.MessagePinned, 3, new PinView(3, 1, At))],
            [new PinView(3, 1, At)],
            new Dictionary<int, long> { [1] = 3, [2] = 1 },
            [new SentClientId(1, "client-9", 3)],
            [2]),
        new ChatSnapshot(
            new ChatSnapshotInfo("c-1", ChatKind.Channel, "Клуб", null, null, false, "secret", At, At.AddDays(1), 50, 7, ["old-1", "old-2"]),
            [new MemberEntry(1, ChatRoles.Owner, At)],
            0,
            0,
            [],
            [],
            [],
            new Dictionary<int, long>(),
            [],
            []),
        new ChatSnapshot(
            new ChatSnapshotInfo("g-2", ChatKind.Group, "Очищен", null, null, false, "secret", At),
            [new MemberEntry(1, ChatRoles.Owner, At)],
            42,
            60,
            [],
            [new UpdateRecord(60, UpdateTypes.ChatCleared, 42, null)],
            [],
            new Dictionary<int, long> { [1] = 40 },
            [],
            [],
            new ClearPoint(42, 60, At)),
        new ChatSnapshot(
            new ChatSnapshotInfo("dm-1-2", ChatKind.Direct, null, null, null, false, null, At),
            [new MemberEntry(1, ChatRoles.Member, At), new MemberEntry(2, ChatRoles.Member, At)],
            1,
            1,
            [new SnapshotMessage(Message, 1)],
            [new UpdateRecord(1, UpdateTypes.NewMessage, 1, null)],
            [],
            new Dictionary<int, long> { [1] = 1 },
            [],
            [],
            null,
            [2]),
        new ChatJoined("dm-1-2", [2]),
        new ChatLeft("g-1"),
        new WentOffline(At),
        new UserSnapshot([new ChatJoined("dm-1-2", [2])], At),
        new UserSnapshot([], null),
        new SessionOpened("k3Jx9q", At, At.AddDays(7), "Mozilla/5.0 (Windows NT 10.0) Chrome/140.0", "192.168.1.20"),
        new SessionOpened("k3Jx9r", At, At.AddDays(7), "", null),
        new SessionsClosed(["k3Jx9q", "k3Jx9r"], SessionEndReasons.PasswordChanged, At),
        new UserSnapshotV2([new ChatJoined("dm-1-2", [2])], At, [new SessionView("k3Jx9q", "curl/8", "10.0.0.5", At, At.AddMinutes(5), At.AddDays(7))]),
        new UserSnapshotV2([new ChatJoined("dm-1-2", [2])], At, [], ConsentRulesValues.Contacts, [5, 9], [4]),
        new BlockedByChanged(4, true, At),
        new PrivacyChanged(ConsentRulesValues.Nobody, At),
        new UserBlockChanged(5, true, At),
        new UserBlockChanged(5, false, At),
        new UserRegistered(1, "admin", "Администратор", Roles.Admin, "AQAAAAIAAYagAAAAE...", At),
        new AccountBlocked(2, true, 1, At),
        new AccountRoleChanged(2, Roles.Admin, 1, At),
        new AccountDeleted(3, 1, At),
        new UpdatePushed(new UpdateNotice("2.1.0", "Исправления", "http://192.168.1.20:5000/app", true, 1, At)),
        new UpdatePushed(new UpdateNotice("2.1.1", null, null, false, 1, At)),
        new UpdateCancelled(1, At),
        new ActionAudited(new AuditEntry(7, At, 1, "admin", "update_pushed", "2.1.0", "mandatory")),
        new AuditSnapshot([new AuditEntry(7, At, 1, "admin", "update_pushed", "2.1.0", null)], 8),
        new LastSeenRecorded(1, At),
        new PasswordHashReplaced(1, "AQAAAAIAAYagAAAAF..."),
        new ProfileChanged(1, "Администратор", "🦊", "Люблю котов"),
        new DirectorySnapshot([new UserAccount(1, "admin", "Администратор", Roles.Admin, "hash", At, At, "🦊", "bio")], 2),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_persisted_type_round_trips_through_the_messenger_serializer(IPersisted sample)
    {
        var serializer = Sys.Serialization.FindSerializerFor(sample);
        Assert.IsType<MessengerSerializer>(serializer);

        var manifest = Serialization.ManifestFor(serializer, sample);
        Assert.DoesNotContain(sample.GetType().Name, manifest, StringComparison.Ordinal);
        var bytes = serializer.ToBinary(sample);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(sample, sample.GetType()), System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        Assert.Equal(sample.GetType(), back.GetType());
    }

    [Fact]
    public void Every_persisted_type_has_a_manifest_and_a_sample()
    {
        var sampled = ((IEnumerable<object[]>)Samples()).Select(row => row[0].GetType()).ToHashSet();
        foreach (var type in PersistedManifests.AllPersistedTypes())
        {
            Assert.True(PersistedManifests.ByType.ContainsKey(type), $"{type.Name} has no manifest");
            Assert.Contains(type, sampled);
        }

        Assert.Equal(PersistedManifests.ByType.Count, PersistedManifests.ByManifest.Count);
    }

    [Fact]
    public void Chat_events_and_snapshots_stored_before_invites_had_limits_still_recover()
    {
        var serializer = (MessengerSerializer)Sys.Serialization.FindSerializerForType(typeof(MembershipChanged));
        var membership = (MembershipChanged)serializer.FromBinary(
            """{"upserted":[{"userId":4,"role":"member","joinedAt":"2026-11-25T10:30:00+00:00"}],"removed":[],"systemMessage":null}"""u8.ToArray(),
            "chat.membership-changed.v1");
        Assert.Null(membership.ByInvite);
        Assert.Equal(4, membership.Upserted.Single().UserId);

        var snapshot = (ChatSnapshot)serializer.FromBinary(
            """{"info":{"chatId":"g-1","kind":"Group","title":"Отдел","isPublic":false,"inviteSecret":"secret","createdAt":"2026-11-25T10:30:00+00:00"},"members":[],"lastSeq":0,"lastUpdateSeq":0,"messages":[],"updates":[],"pins":[],"readPositions":{},"recentClientIds":[],"pendingNotices":[]}"""u8.ToArray(),
            "chat.snapshot.v1");
        Assert.Equal("secret", snapshot.Info.InviteSecret);
        Assert.Null(snapshot.Info.InviteExpiresAt);
        Assert.Null(snapshot.Info.InviteMaxUses);
        Assert.Equal(0, snapshot.Info.InviteUses);
        Assert.Null(snapshot.Info.RetiredInvites);
    }

    [Fact]
    public void Unknown_manifests_fail_loudly()
    {
        var serializer = (MessengerSerializer)Sys.Serialization.FindSerializerForType(typeof(WentOffline));
        Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "chat.nonexistent.v1"));
    }
}
