using System.Globalization;
using System.Security.Claims;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActorMessenger.Gateway.Auth;

/// <summary>Issues the signed bearer tokens that carry a user's id, name, role and session; a token lives as long as its session.</summary>
public sealed class TokenService(SigningKey key, IOptions<MessengerOptions> options, TimeProvider clock)
{
    public const string Issuer = "actor-messenger";
    public const string Audience = "actor-messenger";

    /// <summary>How far past its expiry a token is still taken (clocks of a LAN's machines differ a little).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>When a session started now ends by itself.</summary>
    public DateTimeOffset ExpiryFromNow() => clock.GetUtcNow() + options.Value.TokenLifetime;

    public string Issue(UserAccount account, SessionView session)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = session.ExpiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(MessengerClaims.UserId, account.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(MessengerClaims.Username, account.Username),
                new Claim(MessengerClaims.Role, account.Role),
                new Claim(MessengerClaims.SessionId, session.Id),
            ]),
        });
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key.Key,
        ValidateIssuerSigningKey = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
        NameClaimType = MessengerClaims.Username,
        RoleClaimType = MessengerClaims.Role,
    };
}
