using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Tests.EndToEnd;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorMessenger.Tests.Browser;

/// <summary>
/// The web client on a cluster of two server processes sharing a private PostgreSQL: the node its page came
/// from is killed, and the open page goes on with the other node (it learned of it from
/// <c>GET /api/cluster/nodes</c>; the cluster's origins allow it) without a reload, catches up with what was
/// sent meanwhile, and sends again.
/// </summary>
[Collection(BrowserSuite.Name)]
public sealed class FailoverBrowserTests(BrowserFixture browser)
{
    /// <summary>The user's entity and chats restart on the surviving node after the dead one is downed.</summary>
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task When_the_pages_node_is_killed_the_page_goes_on_with_the_other_node_without_a_reload_catches_up_and_sends()
    {
        using var postgres = new PostgresInstance();
        await using var cluster = await ClusterOperationsTests.TwoNodes.Start(postgres.CreateDatabase());

        // The later-started node serves the page and dies; the first (its seed) survives.
        var (survivor, victim) = (cluster.First, cluster.Second);
        using (var admin = MessengerClient.Authorized(survivor.Address, (await MessengerClient.LoginAsync(survivor.Address, "admin", "admin123")).Token))
        {
            await Poll.Until(async () => (await admin.GetFromJsonAsync<JsonElement>("/admin/cluster")).GetProperty("answered").GetInt32() == 2, timeout: TimeSpan.FromSeconds(30));
        }

        // Bob exists before Alice's page loads the user list, so it can name his chat.
        var bob = await TestAccounts.Register(survivor.Address, "Bob Brown");
        await using var bobDevice = await TestAccounts.Device(survivor.Address, bob);
        await using var alice = await MessengerUi.OpenAsync(browser.Browser, victim.Address.ToString());
        await alice.RegisterAsync("alice", "Alice Archer");
        var aliceId = await alice.Page.EvaluateAsync<int>("() => JSON.parse(localStorage.getItem('am.session')).user.id");

        await bobDevice.SendText(aliceId, "Before the crash", clientId: "bob-1");
        await alice.OpenChatAsync("Bob Brown");
        await Expect(alice.Message("Before the crash")).ToHaveCountAsync(1);

        // Survives in the page only if the page is never loaded again.
        await alice.Page.EvaluateAsync("() => { window.__sameLoad = 'kept'; }");
        victim.Signal("KILL");
        await victim.WaitForExit(TimeSpan.FromSeconds(15));

        // Typed with no node: kept in the outbox, sent once the page is connected again, and sent again by
        // itself while the chat is still restarting on the survivor (answered `unavailable`).
        await alice.SendAsync("Typed while my node was down");

        // Sent while the page has no node: repeated by client id until the chat is served again.
        await Poll.UntilValue(
            async () =>
            {
                try
                {
                    return (await bobDevice.SendText(aliceId, "While your node was down", clientId: "bob-2")).GetProperty("seq").GetInt64();
                }
                catch (HubException)
                {
                    return 0L;
                }
            },
            seq => seq > 0,
            Failover);

        await Expect(alice.Message("While your node was down")).ToHaveCountAsync(1, new() { Timeout = (float)Failover.TotalMilliseconds });
        await Expect(alice.Page.Locator(".conn[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = (float)Failover.TotalMilliseconds });
        Assert.Equal("kept", await alice.Page.EvaluateAsync<string>("() => window.__sameLoad"));
        Assert.StartsWith(victim.Address.ToString().TrimEnd('/'), alice.Page.Url, StringComparison.Ordinal);
        await Expect(alice.Message("Before the crash")).ToHaveCountAsync(1);
        await Poll.Until(() => bobDevice.Log("new_message").All.Any(e => e.GetProperty("message").GetProperty("text").GetString() == "Typed while my node was down"), timeout: Failover);
        await Expect(alice.Message("Typed while my node was down")).ToHaveCountAsync(1);

        await alice.SendAsync("Still here");
        await Poll.Until(() => bobDevice.Log("new_message").All.Any(e => e.GetProperty("message").GetProperty("text").GetString() == "Still here"), timeout: Failover);
        await Expect(alice.Log.Locator(".msg.pending")).ToHaveCountAsync(0);
    }
}
