using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace ActorMessenger.Gateway.Auth;

/// <summary>Claim names in our tokens, and the one way code reads the acting user.</summary>
public static class MessengerClaims
{
    public const string UserId = "sub";
    public const string Username = "name";
    public const string Role = "role";

    public static int UserIdOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var value = principal.FindFirst(UserId)?.Value;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidOperationException("An authenticated principal without a user id.");
    }

    public static string UsernameOf(ClaimsPrincipal principal) =>
        principal?.FindFirst(Username)?.Value ?? "?";
}

/// <summary>SignalR's user id is the token's subject, never anything from a payload.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection?.User.FindFirst(MessengerClaims.UserId)?.Value;
}
