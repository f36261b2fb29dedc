using System.Text.Json;
using System.Text.Json.Serialization;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence.Serialization;
using Xunit;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Tests.Persistence;

public sealed class MessagePostedJsonSpecs
{
    /// <summary><see cref="PersistedJson"/>'s options without its own converters.</summary>
    private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly DateTimeOffset At = new(2026, 12, 3, 7, 0, 0, TimeSpan.FromHours(1));

    public static TheoryData<MessagePosted> Events => new()
    {
        new MessagePosted(new MessageView("dm-1-2:1", "dm-1-2", 1, 1, "hi \"you\" <b> ✓", MessageTypes.Text, At, "c-1")),
        new MessagePosted(new MessageView("g:2", "g", 2, 1, string.Empty, MessageTypes.File, At, null, ReplyTo: 1, Attachment: new AttachmentView("f", "a.png", 3, "image/png")), Redacted: true),
        new MessagePosted(new MessageView("g:3", "g", 3, 1, string.Empty, MessageTypes.System, At, null, System: new SystemEvent("members_added", 1, [2, 3])), Redacted: false),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Stores_a_post_byte_for_byte_as_before_and_reads_it_back(MessagePosted posted)
    {
        var bytes = PersistedJson.ToBytes(posted);
        Assert.Equal(JsonSerializer.Serialize(posted, Plain), System.Text.Encoding.UTF8.GetString(bytes));

        var read = (MessagePosted)PersistedJson.FromBytes(bytes, PersistedManifests.ByType[typeof(MessagePosted)]);
        Assert.Equal(JsonSerializer.Serialize(posted, Plain), JsonSerializer.Serialize(read, Plain));
    }
}
