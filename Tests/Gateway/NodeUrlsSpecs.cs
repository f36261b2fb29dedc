using ActorMessenger.Gateway.Hosting;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class NodeUrlsSpecs
{
    [Fact]
    public void Configured_public_urls_win_without_a_trailing_slash() =>
        Assert.Equal(["https://chat.example.lan:5001"], NodeUrls.For(["https://chat.example.lan:5001/"], ["http://0.0.0.0:5000"], "10.0.0.5", "box"));

    [Fact]
    public void A_wildcard_listen_host_becomes_the_host_the_other_nodes_reach_this_one_on() =>
        Assert.Equal(["http://10.0.0.5:5000", "https://10.0.0.5:5001"], NodeUrls.For([], ["http://0.0.0.0:5000", "https://[::]:5001", "http://+:5000"], "10.0.0.5", "box"));

    [Fact]
    public void A_wildcard_cluster_host_falls_back_to_the_machine_name_and_a_concrete_listen_host_is_kept() =>
        Assert.Equal(["http://box:5000", "http://127.0.0.1:5002"], NodeUrls.For([], ["http://*:5000", "http://127.0.0.1:5002/"], "0.0.0.0", "box"));

    [Fact]
    public void An_ipv6_host_is_bracketed() =>
        Assert.Equal(["http://[fd00::5]:5000"], NodeUrls.For([], ["http://[::]:5000"], "fd00::5", "box"));
}
