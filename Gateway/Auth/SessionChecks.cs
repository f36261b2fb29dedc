using System.Security.Claims;
using ActorMessenger.Actors;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// A well-signed token is not enough: its session must still be going (logout, a password change or
/// an admin end it). One check for the bearer scheme and the hub's own authentication.
/// </summary>
public static class SessionChecks
{
    public enum Verdict
    {
        Active,

        /// <summary>Issued before sessions existed.</summary>
        NoSession,
        Ended,

        /// <summary>The user entity did not answer in time.</summary>
        Unavailable,
    }

    public static async Task<Verdict> Check(ClaimsPrincipal validated, HttpContext http, SessionGuard guard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(guard);
        if (MessengerClaims.SessionIdOf(validated) is not { } sessionId || !MessengerClaims.TryUserIdOf(validated, out var userId))
        {
            return Verdict.NoSession;
        }

        try
        {
            return await guard.IsActive(userId, sessionId, MessengerClaims.ExpiresOf(validated), SessionGuard.AddressOf(http), ct).ConfigureAwait(false)
                ? Verdict.Active
                : Verdict.Ended;
        }
        catch (Exception ex) when (ex is MessengerException or OperationCanceledException)
        {
            return Verdict.Unavailable;
        }
    }
}
