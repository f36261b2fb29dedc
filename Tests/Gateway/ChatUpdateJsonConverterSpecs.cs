using System.Text.Json;
using System.Text.Json.Serialization;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class ChatUpdateJsonConverterSpecs
{
    private static readonly MessageView Message = new(
        "dm-1-2:7", "dm-1-2", 7, 1, "hello \"there\" <b>", MessageTypes.Text, new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero), "c-7",
        Reactions: new Dictionary<string, IReadOnlyList<int>> { ["👍"] = [2] });

    public static TheoryData<ChatUpdate> Updates => new()
    {
        new ChatUpdate("dm-1-2", 9, UpdateTypes.NewMessage, Message),
        new ChatUpdate("dm-1-2", 0, UpdateTypes.MessagePinned, Message, new PinView(7, 2, new DateTimeOffset(2026, 12, 3, 7, 1, 0, TimeSpan.Zero))),
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void Writes_and_reads_an_update_as_the_default_converter_does(ChatUpdate update)
    {
        foreach (var ignore in new[] { JsonIgnoreCondition.Never, JsonIgnoreCondition.WhenWritingNull, JsonIgnoreCondition.WhenWritingDefault })
        {
            var plain = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = ignore };
            plain.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            var wire = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = ignore };
            WireJson.Configure(wire);

            var expected = JsonSerializer.Serialize(update, plain);
            Assert.Equal(expected, JsonSerializer.Serialize(update, wire));
            Assert.Equal(expected, JsonSerializer.Serialize<object>(new { evt = update }, wire)[7..^1]);

            var read = JsonSerializer.Deserialize<ChatUpdate>(expected, wire)!;
            Assert.Equal(expected, JsonSerializer.Serialize(read, plain));
        }
    }
}
