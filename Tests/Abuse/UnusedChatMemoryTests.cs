using System.Net;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Tests.EndToEnd;
using ActorMessenger.Tests.Support;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>Reading direct chats that were never started leaves no chat entity behind on the real server.</summary>
public sealed class UnusedChatMemoryTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int Reads = 300;

    [Fact]
    public async Task Hundreds_of_reads_of_direct_chats_never_started_leave_no_chat_entities()
    {
        await using var device = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        var me = device.UserId;
        var region = server.Services.GetRequiredService<MessengerActors>().Chats;
        var read = Enumerable.Range(100_000, Reads).Select(other => $"dm-{me}-{other}").ToHashSet(StringComparer.Ordinal);

        foreach (var chatId in read)
        {
            var response = await device.Http.GetAsync(new Uri($"/api/messages/{chatId}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A chat that exists stays awake meanwhile, and every unused one is gone.
        var real = (await device.SendText(3, "a chat that exists")).GetProperty("chatId").GetString()!;
        await Poll.Until(
            async () =>
            {
                var entities = await Entities(region);
                return entities.Contains(real) && !entities.Overlaps(read);
            },
            () => "chat entities of unused direct chats are still alive");
    }

    private static async Task<HashSet<string>> Entities(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet(StringComparer.Ordinal);
    }
}
