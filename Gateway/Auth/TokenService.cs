using System.Globalization;
using System.Security.Claims;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActorMessenger.Gateway.Auth;

/// <summary>Issues the signed bearer tokens that carry a user's id, name and role.</summary>
public sealed class TokenService(SigningKey key, IOptions<MessengerOptions> options, TimeProvider clock)
{
    public const string Issuer = "actor-messenger";
    public const string Audience = "actor-messenger";

    public string Issue(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.TokenLifetime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(MessengerClaims.UserId, account.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(MessengerClaims.Username, account.Username),
                new Claim(MessengerClaims.Role, account.Role),
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
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = MessengerClaims.Username,
        RoleClaimType = MessengerClaims.Role,
    };
}
