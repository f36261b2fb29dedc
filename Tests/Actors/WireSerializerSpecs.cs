using System.Runtime.Serialization;
using System.Text.RegularExpressions;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Serialization;
using ActorMessenger.Admin.Serialization;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.Actors;

/// <summary>
/// Every message that can cross nodes has a stable manifest and survives its serializer; a message
/// type added without one fails here (and, strictly, at run time) instead of travelling as JSON with
/// CLR type names.
/// </summary>
public sealed partial class WireSerializerSpecs : StoreSpec
{
    private const string ProtocolNamespace = "ActorMessenger.Actors.Protocol";
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);
    private readonly ITestOutputHelper _output;

    public WireSerializerSpecs(ITestOutputHelper output)
        : base("wire-specs", output) => _output = output;

    public static TheoryData<Type> WireTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in ProtocolManifests.Table.ByType.Keys.Concat(AdminManifests.Table.ByType.Keys))
        {
            data.Add(type);
        }

        return data;
    }

    /// <summary>Every concrete type of the protocol namespace that is not a persisted event (those have their own manifests).</summary>
    private static IEnumerable<Type> ProtocolTypes() =>
        typeof(IPersisted).Assembly.GetTypes().Where(t =>
            t.Namespace == ProtocolNamespace
            && t.IsClass && !t.IsAbstract && (t.IsPublic || t.IsNestedPublic)
            && !typeof(IPersisted).IsAssignableFrom(t)
            && !typeof(Exception).IsAssignableFrom(t));

    /// <summary>The admin back end's message types: those nested in its <c>…Protocol</c> classes.</summary>
    private static IEnumerable<Type> AdminProtocolTypes() =>
        typeof(AdminSerializer).Assembly.GetTypes().Where(t =>
            t.IsNestedPublic && t.DeclaringType!.Name.EndsWith("Protocol", StringComparison.Ordinal) && t.IsClass && !t.IsAbstract);

    [Fact]
    public void Every_protocol_type_has_a_wire_manifest_or_is_local_only()
    {
        var missing = ProtocolTypes()
            .Where(t => !ProtocolManifests.Table.ByType.ContainsKey(t) && !typeof(INoSerializationVerificationNeeded).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(missing.Count == 0, "No wire manifest (add one to ProtocolManifests): " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_admin_message_has_a_wire_manifest_or_is_local_only()
    {
        var missing = AdminProtocolTypes()
            .Where(t => !AdminManifests.Table.ByType.ContainsKey(t) && !typeof(INoSerializationVerificationNeeded).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(missing.Count == 0, "No wire manifest (add one to AdminManifests): " + string.Join(", ", missing));
    }

    [Fact]
    public void Manifests_are_short_stable_names_never_type_names()
    {
        foreach (var manifest in ProtocolManifests.Table.ByManifest.Keys.Concat(AdminManifests.Table.ByManifest.Keys))
        {
            Assert.Matches(ManifestShape(), manifest);
        }
    }

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void Every_wire_type_is_bound_to_its_serializer_and_round_trips_with_every_field_set(Type type)
    {
        var sample = new SampleValues(TestActor).Of(type);
        var serializer = Sys.Serialization.FindSerializerFor(sample);
        Assert.IsAssignableFrom<WireSerializer>(serializer);

        var back = RoundTrip(sample);

        Assert.Equal(type, back.GetType());
        Assert.Equal(serializer.ToBinary(sample), serializer.ToBinary(back));
    }

    [Fact]
    public void A_client_event_carries_its_payload_by_manifest_and_gets_it_back_typed()
    {
        var message = new MessageView("g-1:3", "g-1", 3, 1, "Привет 👋", MessageTypes.Text, At, "c-1", Reactions: new Dictionary<string, IReadOnlyList<int>> { ["👍"] = [1, 2] });
        object[] payloads =
        [
            new ChatUpdate("g-1", 4, UpdateTypes.NewMessage, message),
            new TypingEvent("g-1", 2),
            new MessagesReadEvent("g-1", 2, 3),
            new ChatRemovedEvent("g-1"),
            new MemberCountEvent("c-1", 1200),
            new ChatClearedEvent("g-1", 9, 8, At),
            new UserStatus(2, false, At),
            UpdateAvailableEvent.From(new UpdateNotice("2.1.0", "Исправления", null, true, 1, At)),
            new UpdateCancelledEvent("2.1.0"),
        ];

        foreach (var payload in payloads)
        {
            var delivery = (DeliverToUsers)RoundTrip(new DeliverToUsers([1, 2], new ClientEvent("some_event", payload), "conn-1"));
            Assert.Equal(payload.GetType(), delivery.Event.Payload.GetType());
            Assert.Equal("some_event", delivery.Event.Name);
            Assert.Equal([1, 2], delivery.UserIds);
        }

        var update = (ChatUpdate)((ClientEvent)RoundTrip(new ClientEvent(UpdateTypes.NewMessage, new ChatUpdate("g-1", 4, UpdateTypes.NewMessage, message)))).Payload;
        Assert.Equal(message.Text, update.Message.Text);
        Assert.Equal([1, 2], update.Message.Reactions!["👍"]);
        Assert.Equal(At, update.Message.CreatedAt);
    }

    [Fact]
    public void A_client_event_whose_payload_has_no_manifest_is_refused()
    {
        var serializer = Sys.Serialization.FindSerializerForType(typeof(ClientEvent));
        Assert.ThrowsAny<SerializationException>(() => serializer.ToBinary(new ClientEvent("connected", new { socketId = "x" })));
    }

    [Fact]
    public void Strict_serialization_refuses_a_message_without_a_binding()
    {
        // The serialize-messages pass keeps a fallback for Akka's own local messages, which refuses ours.
        Assert.ThrowsAny<Exception>(() => Sys.Serialization.FindSerializerForType(typeof(UnboundMessage)).ToBinary(new UnboundMessage(1)));
    }

    [Fact]
    public void An_actor_reference_travels_as_its_path_and_resolves_to_the_same_actor()
    {
        var outbox = CreateTestProbe("outbox");
        var back = (UserProtocol.Connect)RoundTrip(new UserProtocol.Connect(7, "conn-1", outbox.Ref));
        Assert.Equal(outbox.Ref, back.Outbox);
        back.Outbox.Tell("ping");
        outbox.ExpectMsg("ping");
    }

    [Fact]
    public void Persisted_events_keep_their_own_serializer_and_manifests()
    {
        var evt = new ChatEvents.ReadPositionAdvanced(2, 3);
        var serializer = Sys.Serialization.FindSerializerFor(evt);
        Assert.IsNotAssignableFrom<WireSerializer>(serializer);
        Assert.Equal("chat.read-advanced.v1", Akka.Serialization.Serialization.ManifestFor(serializer, evt));
    }

    /// <summary>
    /// The largest history page a chat can send: the most messages a page holds, each with the
    /// longest text of the characters that take the most bytes, a file, a reply, a forward, and the
    /// most reactions a message takes, whatever the chat's size (a channel's thousands of subscribers
    /// included): the most kinds, each the longest emoji, and the most reactions, each by the longest id.
    /// It must fit in one remote frame.
    /// </summary>
    [Fact]
    public void A_full_history_page_fits_in_one_remote_frame()
    {
        var hocon = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HOCON", "messenger.hocon")));
        var settings = MessengerSettings.From(hocon);
        var frame = hocon.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 0;
        Assert.True(hocon.GetByteSize("akka.remote.dot-netty.tcp.send-buffer-size") >= frame);
        Assert.True(hocon.GetByteSize("akka.remote.dot-netty.tcp.receive-buffer-size") >= frame);

        // Control characters are escaped as \uXXXX: six bytes each, the most any character takes.
        var text = "a" + new string('\u0001', settings.MaxTextLength - 1);
        var reactions = LargestReactions(settings);

        var messages = Enumerable.Range(1, settings.MaxPageSize).Select(i => new MessageView(
            $"g-{new string('x', ChatIds.MaxLength - 2)}:{long.MaxValue - i}",
            "g-" + new string('x', ChatIds.MaxLength - 2),
            long.MaxValue - i,
            int.MaxValue,
            text,
            MessageTypes.File,
            At,
            new string('c', settings.MaxClientIdLength),
            ReplyTo: long.MaxValue,
            Forward: new ForwardInfo("g-" + new string('y', ChatIds.MaxLength - 2), long.MaxValue, int.MaxValue, At),
            Attachment: new AttachmentView(new string('f', 64), new string('\u0001', 255), long.MaxValue, new string('t', 255)),
            EditedAt: At,
            Reactions: reactions)).ToList();
        var page = new HistoryPage(messages[0].ChatId, messages, HasMore: true);

        var bytes = Sys.Serialization.FindSerializerFor(page).ToBinary(page);
        _output.WriteLine($"full page: {bytes.Length:N0} bytes; frame: {frame:N0} bytes");
        Assert.True(bytes.Length < frame, $"A full history page takes {bytes.Length:N0} bytes; the remote frame holds {frame:N0}");
        Assert.Equal(settings.MaxPageSize, ((HistoryPage)RoundTrip(page)).Messages.Count);
    }

    /// <summary>
    /// A message's reactions at every bound (<see cref="ActorMessenger.Actors.Chat.ChatRules.CanAddReaction"/>):
    /// the most kinds, named by the longest emoji, sharing the most reactions a message takes.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<int>> LargestReactions(MessengerSettings settings)
    {
        var family = "👨‍👩‍👧‍👦";
        var kinds = Enumerable.Range(0, settings.MaxReactionKindsPerMessage).Select(k => family + new string('\uFE0F', k % 2) + k).ToList();
        return kinds.Select((kind, k) => (kind, k)).ToDictionary(
            x => x.kind,
            x => (IReadOnlyList<int>)[.. Enumerable.Range(0, settings.MaxReactionsPerMessage).Where(r => r % kinds.Count == x.k).Select(r => int.MaxValue - r)]);
    }

    [Fact]
    public void The_reaction_bounds_keep_a_message_far_below_a_frame_and_a_big_channel_cannot_pass_them()
    {
        var hocon = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HOCON", "messenger.hocon")));
        var settings = MessengerSettings.From(hocon);
        var reactions = LargestReactions(settings);
        Assert.Equal(settings.MaxReactionKindsPerMessage, reactions.Count);
        Assert.Equal(settings.MaxReactionsPerMessage, reactions.Values.Sum(u => u.Count));

        // One more reaction of any kind, by a subscriber who has none yet, is refused at the bound.
        Assert.NotNull(ActorMessenger.Actors.Chat.ChatRules.CanAddReaction(reactions, 7, reactions.Keys.First(), settings));
        var update = new ChatUpdate("c-big", long.MaxValue, UpdateTypes.ReactionsChanged, new MessageView("c-big:1", "c-big", 1, 1, "x", MessageTypes.Text, At, null, Reactions: reactions));
        var bytes = Sys.Serialization.FindSerializerFor(update).ToBinary(update);
        var frame = hocon.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 0;
        _output.WriteLine($"a message at every reaction bound: {bytes.Length:N0} bytes");
        Assert.True(bytes.Length * settings.MaxPageSize < frame, $"{bytes.Length:N0} bytes per message cannot make a page of {settings.MaxPageSize} in {frame:N0}");
    }

    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+$")]
    private static partial Regex ManifestShape();

    private sealed record UnboundMessage(int Value);
}
