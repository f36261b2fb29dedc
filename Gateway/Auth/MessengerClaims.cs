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

    /// <summary>The validated token's principal with only the claims the server reads.</summary>
    public static ClaimsPrincipal Slim(ClaimsPrincipal validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var kept = validated.Claims
            .Where(c => c.Type is UserId or Username or Role)
            .Select(c => new Claim(c.Type, c.Value));
        var authenticationType = validated.Identity?.AuthenticationType ?? "Bearer";
        return new ClaimsPrincipal(new ClaimsIdentity(kept, authenticationType, Username, Role));
    }
}

/// <summary>SignalR's user id is the token's subject, never anything from a payload.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection?.User.FindFirst(MessengerClaims.UserId)?.Value;
}
