using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>The admin panel's live feed at <c>/hub/admin</c> against the real server.</summary>
public sealed class AdminHubEndToEndTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Admins_are_pushed_the_figures_as_they_change_others_are_refused_and_an_ended_admin_session_is_closed()
    {
        await using var server = new TempDirectoryServer();
        await server.StartAsync();
        var (_, adminToken) = await MessengerClient.LoginAsync(server.Address, "admin", "admin123");
        using var admin = MessengerClient.Authorized(server.Address, adminToken);
        await using var one = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        await using var two = await MessengerClient.ConnectAsync(server.Address, "user2", "123456");

        // Anonymous 401, an ordinary user 403: the feed never opens for them.
        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => Connect(server.Address, null).Hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var ordinary = await Assert.ThrowsAsync<HttpRequestException>(() => Connect(server.Address, one.Token).Hub.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, ordinary.StatusCode);

        var (feed, snapshots) = Connect(server.Address, adminToken);
        await using var _ = feed;
        await feed.StartAsync();
        await NextAsync(snapshots, s => s.GetProperty("stats").GetProperty("connections").GetInt32() == 2);

        await one.SendText(two.UserId, "pushed, not polled");
        await one.SendText(two.UserId, "and again");
        var after = await NextAsync(snapshots, s => s.GetProperty("stats").GetProperty("messages").GetInt64() == 2);
        Assert.Equal(2, after.GetProperty("stats").GetProperty("messagesLastHour").GetInt64());
        Assert.NotEmpty(after.GetProperty("live").GetProperty("nodes")[0].GetProperty("busiestChats").EnumerateArray());

        // A second admin's feed closes when an admin blocks them (their sessions end).
        (await admin.PostAsJsonAsync($"/admin/users/{two.UserId}/role", new { role = "admin" })).EnsureSuccessStatusCode();
        var (_, secondToken) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
        var (second, _) = Connect(server.Address, secondToken);
        await using var __ = second;
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        second.On<JsonElement>("session_ended", e => ended.TrySetResult(e.GetProperty("reason").GetString()!));
        second.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await second.StartAsync();
        (await admin.PostAsync(new Uri($"/admin/users/{two.UserId}/block", UriKind.Relative), null)).EnsureSuccessStatusCode();
        Assert.Equal("ended_by_admin", await ended.Task.WaitAsync(Deadline));
        await closed.Task.WaitAsync(Deadline);
        Assert.Equal(HubConnectionState.Connected, feed.State);
    }

    private static (HubConnection Hub, Channel<JsonElement> Snapshots) Connect(Uri server, string? token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub/admin"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        var snapshots = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>("admin_stats", s => snapshots.Writer.TryWrite(s.Clone()));
        return (hub, snapshots);
    }

    /// <summary>The first snapshot that matches; pushes come only when figures change, so this waits on events, not time.</summary>
    private static async Task<JsonElement> NextAsync(Channel<JsonElement> snapshots, Func<JsonElement, bool> match)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (true)
        {
            var snapshot = await snapshots.Reader.ReadAsync(timeout.Token);
            if (match(snapshot))
            {
                return snapshot;
            }
        }
    }
}
