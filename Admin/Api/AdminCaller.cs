using System.Security.Claims;

namespace ActorMessenger.Admin.Api;

/// <summary>Who is calling, read from the token by the host that issued it (the admin code does not know the claim names).</summary>
public interface IAdminCaller
{
    (int Id, string Name) Identify(ClaimsPrincipal user);
}
