using System.Text;
using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hubs;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class FanOutWriterSpecs
{
    [Fact]
    public void Each_connection_gets_its_events_in_one_write_in_order_and_a_channels_subscribers_share_it()
    {
        var connections = Connections("a", "b", "c");
        var writer = new FanOutWriter(id => connections.GetValueOrDefault(id), _ => { }, (_, _) => { });

        writer.Write(Pending(
            (new ClientEvent("new_message", new { seq = 1 }), ["a", "b", "c"]),
            (new ClientEvent("new_message", new { seq = 2 }), ["a", "b", "c"])));

        foreach (var connection in connections.Values)
        {
            var write = Assert.Single(connection.Writes);
            Assert.Equal(["new_message:1", "new_message:2"], Messages(write));
        }

        Assert.Same(connections["a"].Messages[0], connections["b"].Messages[0]);
        Assert.Same(connections["a"].Messages[0], connections["c"].Messages[0]);
    }

    [Fact]
    public void A_connection_named_twice_gets_an_event_once_and_a_closed_one_is_passed_over()
    {
        var connections = Connections("a", "b");
        var writer = new FanOutWriter(id => connections.GetValueOrDefault(id), _ => { }, (_, _) => { });

        writer.Write(Pending(
            (new ClientEvent("new_message", new { seq = 1 }), ["a", "a", "gone"]),
            (new ClientEvent("user_status", new { seq = 2 }), ["b"]),
            (new ClientEvent("new_message", new { seq = 3 }), ["b", "a"])));

        Assert.Equal(["new_message:1", "new_message:3"], Messages(Assert.Single(connections["a"].Writes)));
        Assert.Equal(["user_status:2", "new_message:3"], Messages(Assert.Single(connections["b"].Writes)));
    }

    [Fact]
    public void One_event_is_serialized_once_for_all_its_connections()
    {
        var connections = Connections("a", "b");
        var writer = new FanOutWriter(id => connections.GetValueOrDefault(id), _ => { }, (_, _) => { });

        writer.Write(Pending((new ClientEvent("new_message", new { seq = 7 }), ["a", "b"])));

        Assert.Equal(["new_message:7"], Messages(Assert.Single(connections["a"].Writes)));
        Assert.Same(connections["a"].Messages[0], connections["b"].Messages[0]);
    }

    [Fact]
    public void An_event_that_cannot_be_serialized_is_left_out_and_told_and_the_others_are_written()
    {
        var connections = Connections("a", "b");
        var dropped = new List<(string Name, Exception Error)>();
        var writer = new FanOutWriter(id => connections.GetValueOrDefault(id), _ => { }, (evt, error) => dropped.Add((evt.Name, error)));

        writer.Write(Pending(
            (new ClientEvent("new_message", new { seq = 1 }), ["a", "b"]),
            (new ClientEvent("broken", new Unserializable()), ["a", "b"]),
            (new ClientEvent("new_message", new { seq = 3 }), ["a"]),
            (new ClientEvent("broken_alone", new Unserializable()), ["b"])));

        Assert.Equal(["new_message:1", "new_message:3"], Messages(Assert.Single(connections["a"].Writes)));
        Assert.Equal(["new_message:1"], Messages(Assert.Single(connections["b"].Writes)));
        Assert.Equal(["broken", "broken_alone"], dropped.Select(d => d.Name).Order());
        Assert.All(dropped, d => Assert.IsType<InvalidOperationException>(d.Error));
    }

    /// <summary>A payload the JSON protocol cannot write: reading its property throws.</summary>
    private sealed class Unserializable
    {
        private readonly string _why = "not serializable";

        public int Seq => throw new InvalidOperationException(_why);
    }

    private static Dictionary<string, RecordingConnection> Connections(params string[] ids) =>
        ids.ToDictionary(id => id, id => new RecordingConnection(id));

    private static List<KeyValuePair<ClientEvent, List<string>>> Pending(params (ClientEvent Event, List<string> Ids)[] events) =>
        [.. events.Select(e => KeyValuePair.Create(e.Event, e.Ids))];

    /// <summary>Each SignalR message in one write: its target and the payload's seq.</summary>
    private static List<string> Messages(byte[] written) =>
        [.. Encoding.UTF8.GetString(written).Split('\u001e', StringSplitOptions.RemoveEmptyEntries).Select(json =>
        {
            using var message = JsonDocument.Parse(json);
            var root = message.RootElement;
            return $"{root.GetProperty("target").GetString()}:{root.GetProperty("arguments")[0].GetProperty("seq").GetInt32()}";
        })];

    /// <summary>A real hub connection context over an in-memory connection that keeps what is written to it.</summary>
    private sealed class RecordingConnection(string id)
        : HubConnectionContext(new DefaultConnectionContext(id), new HubConnectionContextOptions(), NullLoggerFactory.Instance)
    {
        private static readonly IHubProtocol Json = new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));

        public List<SerializedHubMessage> Messages { get; } = [];

        public IEnumerable<byte[]> Writes => Messages.Select(m => m.GetSerializedMessage(Json).ToArray());

        public override IHubProtocol Protocol => Json;

        public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default)
        {
            Messages.Add(message);
            return ValueTask.CompletedTask;
        }
    }
}
