using ActorMessenger.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace ActorMessenger.Tests.Auth;

public sealed class HubAuthenticationSpecs
{
    [Fact]
    public void An_authenticated_hub_request_forgets_the_token_of_its_header_and_keeps_the_rest()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = HubAuthentication.HubPath;
        http.Request.QueryString = new QueryString("?id=conn-1");
        http.Request.Headers.Authorization = "Bearer eyJ.header.token";
        http.Request.Headers.UserAgent = "Microsoft SignalR/10.0";

        HubAuthentication.ForgetToken(http.Request);

        Assert.False(http.Request.Headers.ContainsKey("Authorization"));
        Assert.Equal("Microsoft SignalR/10.0", http.Request.Headers.UserAgent.ToString());
        Assert.Equal("conn-1", http.Request.Query["id"].ToString());
    }

    [Fact]
    public void An_authenticated_hub_request_forgets_the_token_of_its_query_whatever_its_case_and_keeps_the_connection_id()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = HubAuthentication.HubPath;
        http.Request.QueryString = new QueryString("?id=conn-2&Access_Token=eyJ.query.token&v=1");

        HubAuthentication.ForgetToken(http.Request);

        Assert.False(http.Request.Query.ContainsKey("access_token"));
        Assert.Equal("conn-2", http.Request.Query["ID"].ToString());
        Assert.Equal("1", http.Request.Query["v"].ToString());
        Assert.Equal(2, http.Request.Query.Count);
    }
}
