using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.Abuse;

/// <summary>
/// The real server process, under a steady send load with client ids, is killed (SIGKILL) and stopped
/// (SIGTERM) in turns; a send that got no answer is sent again with the same client id after the
/// restart, as a client would. After the last restart every acknowledged message is stored exactly
/// once, at its acknowledged seq, in send order, and every chat's seqs have no gap.
/// <c>CRASH_ACKS</c> (10,000) and <c>CRASH_ROUNDS</c> (6) size it.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Senders = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static int Acks => Setting("CRASH_ACKS", 10_000);

    private static int Rounds => Setting("CRASH_ROUNDS", 6);

    [Fact]
    public async Task Kill_9_and_SIGTERM_under_load_keep_every_acknowledged_message_once_at_its_seq_in_send_order_without_gaps()
    {
        using var data = new TempDirectory();
        var port = GatewayProcess.FreePort();
        var perRound = (Acks + Rounds - 1) / Rounds;
        var senders = new List<Sender>();
        var acknowledged = new ConcurrentQueue<Ack>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            var signal = round % 2 == 0 ? "KILL" : "TERM";
            await using var server = await GatewayProcess.StartServer(port, data.Path);
            if (senders.Count == 0)
            {
                for (var i = 0; i < Senders; i++)
                {
                    senders.Add(new Sender(await TestAccounts.Register(server.Address)));
                }
            }

            var clients = new List<MessengerClient>();
            foreach (var sender in senders)
            {
                clients.Add(await TestAccounts.Device(server.Address, sender.User));
            }

            var before = acknowledged.Count;
            using var stop = new CancellationTokenSource();
            var loads = senders.Select((sender, i) => sender.Load(clients[i], senders[(i + 1) % Senders].User.Id, acknowledged, stop.Token)).ToList();
            await Poll.Until(() => acknowledged.Count - before >= perRound || loads.Any(l => l.IsFaulted), () => $"round {round}: {acknowledged.Count - before} of {perRound} acknowledged", Deadline);
            server.Signal(signal);
            var exitCode = await server.WaitForExit(Deadline);
            await stop.CancelAsync();
            await Task.WhenAll(loads).WaitAsync(Deadline);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            output.WriteLine($"round {round}: SIG{signal}, exit {exitCode}, {acknowledged.Count - before} acknowledged, {senders.Count(s => s.Pending is not null)} unanswered sends to repeat, {clock.Elapsed.TotalSeconds:F0} s");
            Assert.Equal(signal == "TERM" ? 0 : 137, exitCode);
        }

        // The repeats of unanswered sends are acknowledged too, then everything is read back.
        await using var last = await GatewayProcess.StartServer(port, data.Path);
        foreach (var sender in senders.Where(s => s.Pending is not null))
        {
            await using var client = await TestAccounts.Device(last.Address, sender.User);
            await sender.Load(client, senders[(senders.IndexOf(sender) + 1) % Senders].User.Id, acknowledged, new CancellationToken(canceled: true));
        }

        Assert.True(acknowledged.Count >= Acks, $"{acknowledged.Count} acknowledged");
        foreach (var chat in acknowledged.GroupBy(a => a.ChatId))
        {
            var token = senders.Single(s => s.User.Id == chat.First().SenderId).User.Token;
            var history = await ReconnectingClient.History(last.Address, token, chat.Key);
            var seqs = history.Select(m => m.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
            var byClientId = history.GroupBy(m => m.GetProperty("clientId").GetString() ?? string.Empty).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var ack in chat)
            {
                var stored = Assert.Single(byClientId[ack.ClientId]);
                Assert.Equal(ack.Seq, stored.GetProperty("seq").GetInt64());
                Assert.Equal(ack.Text, stored.GetProperty("text").GetString());
            }

            // One sender per chat: in the order it sent, its messages have rising seqs.
            var inSendOrder = chat.OrderBy(a => a.Index).Select(a => a.Seq).ToList();
            Assert.Equal(inSendOrder.Order(), inSendOrder);
            Assert.Equal(chat.Count(), chat.Select(a => a.ClientId).Distinct().Count());
        }

        output.WriteLine($"{acknowledged.Count} acknowledged over {Rounds} rounds in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private sealed record Ack(int SenderId, int Index, string ClientId, string ChatId, long Seq, string Text);

    /// <summary>One account sending to one peer, one message after another, each with its own client id.</summary>
    private sealed class Sender(TestUser user)
    {
        private int _next;

        public TestUser User => user;

        /// <summary>The send that got no answer before the server went away: sent again, same client id, first thing next time.</summary>
        public (int Index, string ClientId, string Text)? Pending { get; private set; }

        /// <summary>Sends until the connection fails or <paramref name="stop"/> is set; a pending repeat is always tried first.</summary>
        public async Task Load(MessengerClient client, int peer, ConcurrentQueue<Ack> acknowledged, CancellationToken stop)
        {
            while (Pending is not null || !stop.IsCancellationRequested)
            {
                var (index, clientId, text) = Pending ?? Next();
                Pending = (index, clientId, text);
                try
                {
                    var ack = await client.SendText(peer, text, clientId);
                    acknowledged.Enqueue(new Ack(user.Id, index, clientId, ack.GetProperty("chatId").GetString()!, ack.GetProperty("seq").GetInt64(), ack.GetProperty("text").GetString()!));
                    Pending = null;
                }
                catch (Exception ex) when (ex is HubException or InvalidOperationException or TaskCanceledException or IOException or WebSocketException)
                {
                    // Cut by the signal: not acknowledged, so it is sent again after the restart.
                    return;
                }
            }
        }

        private (int, string, string) Next()
        {
            var index = _next++;
            return (index, $"{user.Id}-{index}", $"load {user.Id} #{index}");
        }
    }
}
