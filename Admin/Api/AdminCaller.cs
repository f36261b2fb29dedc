using System.Security.Claims;

namespace ActorMessenger.Admin.Api;

/// <summary>Who is calling, read from the token by the host that issued it (the admin code does not know the claim names).</summary>
public interface IAdminCaller
{
    (int Id, string Name) Identify(ClaimsPrincipal user);

    /// <summary>The session the token belongs to (an admin hub connection closes when it ends).</summary>
    string? SessionOf(ClaimsPrincipal user);
}
