using System.Security.Claims;
using ActorMessenger.Admin.Api;

namespace ActorMessenger.Gateway.Auth;

/// <summary>The admin API's caller, read from our token's claims.</summary>
public sealed class TokenAdminCaller : IAdminCaller
{
    public (int Id, string Name) Identify(ClaimsPrincipal user) => (MessengerClaims.UserIdOf(user), MessengerClaims.UsernameOf(user));

    public string? SessionOf(ClaimsPrincipal user) => MessengerClaims.SessionIdOf(user);
}
