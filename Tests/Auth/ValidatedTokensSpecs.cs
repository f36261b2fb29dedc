using System.Security.Claims;
using ActorMessenger.Gateway.Auth;
using Xunit;

namespace ActorMessenger.Tests.Auth;

public sealed class ValidatedTokensSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static ClaimsPrincipal Slim(DateTimeOffset? expires) =>
        new(new SlimIdentity("Bearer", "42", "anna", "user", expires?.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "s-1"));

    [Fact]
    public void A_validated_token_is_found_by_its_exact_text_only()
    {
        var tokens = new ValidatedTokens(new StoppedClock(Now));
        var slim = Slim(Now.AddHours(1));
        tokens.Add("header.payload.signature", slim);

        Assert.Same(slim, tokens.Find("header.payload.signature"));
        Assert.Null(tokens.Find("header.payload.signaturE"));
        Assert.Null(tokens.Find("header.payload.signature "));
        Assert.Null(tokens.Find(string.Empty));
    }

    [Fact]
    public void A_token_past_its_expiry_and_the_schemes_clock_skew_is_not_taken_and_is_forgotten()
    {
        var clock = new StoppedClock(Now);
        var tokens = new ValidatedTokens(clock);
        tokens.Add("t", Slim(Now.AddMinutes(5)));

        clock.Now = Now.AddMinutes(5) + TokenService.ClockSkew;
        Assert.NotNull(tokens.Find("t"));

        clock.Now = Now.AddMinutes(5) + TokenService.ClockSkew + TimeSpan.FromSeconds(1);
        Assert.Null(tokens.Find("t"));
        Assert.Equal(0, tokens.Count);

        // Back in time does not bring it back: it must be validated again.
        clock.Now = Now;
        Assert.Null(tokens.Find("t"));
    }

    [Fact]
    public void A_token_without_an_expiry_is_not_remembered()
    {
        var tokens = new ValidatedTokens(new StoppedClock(Now));
        tokens.Add("t", Slim(null));
        Assert.Null(tokens.Find("t"));
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
