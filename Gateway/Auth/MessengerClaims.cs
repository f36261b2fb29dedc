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

    /// <summary>The session the token belongs to (see <c>SessionProtocol</c>); tokens without one are refused.</summary>
    public const string SessionId = "sid";
    public const string Expires = "exp";

    public static int UserIdOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return int.TryParse(UserIdTextOf(principal), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidOperationException("An authenticated principal without a user id.");
    }

    /// <summary>The user id as the token has it (SignalR's user id for a connection, read once per connect).</summary>
    public static string? UserIdTextOf(ClaimsPrincipal? principal) =>
        SlimOf(principal) is { } slim ? slim.UserIdValue : principal?.FindFirst(UserId)?.Value;

    public static bool TryUserIdOf(ClaimsPrincipal principal, out int userId)
    {
        userId = 0;
        return int.TryParse(UserIdTextOf(principal), NumberStyles.None, CultureInfo.InvariantCulture, out userId) && userId > 0;
    }

    public static string UsernameOf(ClaimsPrincipal principal) =>
        (SlimOf(principal) is { } slim ? slim.UsernameValue : principal?.FindFirst(Username)?.Value) ?? "?";

    /// <remarks>Like <see cref="UserIdOf"/> and <see cref="ExpiresOf"/>, read from a <see cref="SlimIdentity"/>'s field where it is one: a claim object per read was a few percent of a sent message's allocations.</remarks>
    public static string? SessionIdOf(ClaimsPrincipal principal) =>
        ValueOf(principal, SessionId) is { Length: > 0 } sid ? sid : null;

    /// <summary>When the token expires (its <c>exp</c>, whole seconds).</summary>
    public static DateTimeOffset ExpiresOf(ClaimsPrincipal principal) =>
        long.TryParse(ValueOf(principal, Expires), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;

    private static string? ValueOf(ClaimsPrincipal? principal, string type) => SlimOf(principal) switch
    {
        SlimIdentity slim when type == SessionId => slim.SessionIdValue,
        SlimIdentity slim when type == Expires => slim.ExpiresValue,
        _ => principal?.FindFirst(type)?.Value,
    };

    /// <summary>
    /// The principal's <see cref="SlimIdentity"/>, read from its list of identities: <see cref="ClaimsPrincipal.Identity"/>
    /// walks that list through a boxed enumerator on every read, and the hub reads the caller's claims several times per call.
    /// </summary>
    private static SlimIdentity? SlimOf(ClaimsPrincipal? principal) =>
        principal?.Identities is IList<ClaimsIdentity> { Count: > 0 } identities && identities[0] is SlimIdentity first
            ? first
            : principal?.Identity as SlimIdentity;

    /// <summary>The validated token's principal with only the claims the server reads (see <see cref="SlimIdentity"/>).</summary>
    public static ClaimsPrincipal Slim(ClaimsPrincipal validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        return new ClaimsPrincipal(new SlimIdentity(
            validated.Identity?.AuthenticationType ?? "Bearer",
            validated.FindFirst(UserId)?.Value,
            validated.FindFirst(Username)?.Value,
            validated.FindFirst(Role)?.Value,
            validated.FindFirst(Expires)?.Value,
            validated.FindFirst(SessionId)?.Value));
    }
}

/// <summary>SignalR's user id is the token's subject, never anything from a payload.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        MessengerClaims.UserIdTextOf(connection?.User);
}
