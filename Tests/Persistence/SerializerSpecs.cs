using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Serialization;
using ActorMessenger.Tests.Support;
using Akka.Serialization;
using Xunit;
using Xunit.Abstractions;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.DirectoryEvents;
using static ActorMessenger.Actors.Protocol.UserEvents;

namespace ActorMessenger.Tests.Persistence;

public sealed class SerializerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);
    private static readonly MessageView Message = new("dm-1-2:3", "dm-1-2", 3, 1, "Привет 👋", "text", At, "client-9");

    private readonly SpecDatabase _db;

    public SerializerSpecs(ITestOutputHelper output)
        : this(new SpecDatabase(), output)
    {
    }

    private SerializerSpecs(SpecDatabase db, ITestOutputHelper output)
        : base(db.Config, "serializer-specs", output) => _db = db;

    /// <summary>One sample of every persisted type; the completeness test below keeps this list whole.</summary>
    public static TheoryData<IPersisted> Samples() =>
    [
        new ChatCreated("dm-1-2", ChatKind.Direct, [1, 2], At),
        new MessagePosted(Message),
        new MessagePosted(Message with { ClientId = null }),
        new ReadPositionAdvanced(2, 3),
        new ChatSnapshot("dm-1-2", ChatKind.Direct, [1, 2], 3, [Message], new Dictionary<int, long> { [1] = 3, [2] = 1 }, [new SentClientId(1, "client-9", 3)], At, [2]),
        new MembersNotified([1, 2]),
        new ChatJoined("dm-1-2", [2]),
        new WentOffline(At),
        new UserSnapshot(["dm-1-2"], [2], At),
        new UserSnapshot([], [], null),
        new UserRegistered(1, "admin", "Администратор", Roles.Admin, "AQAAAAIAAYagAAAAE...", At),
        new LastSeenRecorded(1, At),
        new PasswordHashReplaced(1, "AQAAAAIAAYagAAAAF..."),
        new DirectorySnapshot([new UserAccount(1, "admin", "Администратор", Roles.Admin, "hash", At, At)], 2),
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
    public void Unknown_manifests_fail_loudly()
    {
        var serializer = (MessengerSerializer)Sys.Serialization.FindSerializerForType(typeof(WentOffline));
        Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "chat.nonexistent.v1"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _db.Dispose();
        }
    }
}
