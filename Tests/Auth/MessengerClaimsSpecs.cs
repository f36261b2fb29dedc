using System.Security.Claims;
using ActorMessenger.Gateway.Auth;
using Xunit;

namespace ActorMessenger.Tests.Auth;

public sealed class MessengerClaimsSpecs
{
    [Fact]
    public void A_validated_token_is_slimmed_to_the_claims_the_server_reads_and_keeps_its_role()
    {
        var validated = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim("sub", "42"), new Claim("name", "anna"), new Claim("role", "admin"),
                new Claim("iat", "1764000000"), new Claim("exp", "1764086400"), new Claim("sid", "s-1"), new Claim("jti", Guid.NewGuid().ToString()),
                new Claim("iss", "actor-messenger"), new Claim("aud", "actor-messenger"),
            ],
            "AuthenticationTypes.Federation",
            "name",
            "role"));

        var slim = MessengerClaims.Slim(validated);

        Assert.Equal(["sub", "name", "role", "exp", "sid"], slim.Claims.Select(c => c.Type));
        Assert.Equal(42, MessengerClaims.UserIdOf(slim));
        Assert.Equal("s-1", MessengerClaims.SessionIdOf(slim));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764086400), MessengerClaims.ExpiresOf(slim));

        // Read from the slim identity's fields, from claims otherwise: the same answers.
        Assert.Equal("s-1", MessengerClaims.SessionIdOf(validated));
        Assert.Equal(MessengerClaims.ExpiresOf(slim), MessengerClaims.ExpiresOf(validated));
        Assert.Equal("anna", slim.Identity!.Name);
        Assert.True(slim.Identity.IsAuthenticated);
        Assert.True(slim.IsInRole("admin"));
    }

    [Fact]
    public void The_slim_identity_answers_like_a_claims_identity_and_stays_read_only()
    {
        var slim = MessengerClaims.Slim(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "7"), new Claim("name", "boris"), new Claim("sid", "s-2"), new Claim("exp", "1764086400")],
            "AuthenticationTypes.Federation")));
        var identity = Assert.IsType<SlimIdentity>(slim.Identity);

        Assert.Equal("7", slim.FindFirst("SUB")?.Value);
        Assert.Null(slim.FindFirst("role"));
        Assert.False(slim.IsInRole("admin"));
        Assert.True(identity.HasClaim("name", "boris"));
        Assert.False(identity.HasClaim("name", "Boris"));
        Assert.Equal(["sub", "name", "exp", "sid"], identity.FindAll(_ => true).Select(c => c.Type));
        Assert.Same(identity, slim.FindFirst("sid")!.Subject);
        Assert.Equal(["s-2"], identity.Clone().FindAll("sid").Select(c => c.Value));
        Assert.Throws<NotSupportedException>(() => identity.AddClaim(new Claim("role", "admin")));
        Assert.False(slim.IsInRole("admin"));
    }
}
