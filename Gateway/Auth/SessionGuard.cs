using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hosting;
using Microsoft.Extensions.Options;
using static ActorMessenger.Actors.Protocol.SessionProtocol;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// Sessions as the gateway sees them: starts one at each login, checks the token's session on every
/// request and hub call (from <see cref="SessionCache"/>, asking the user entity when the cache does
/// not know or its answer is getting old), and ends sessions so that this node stops their tokens
/// before the caller hears back; other nodes hear it on the "sessions" topic.
/// </summary>
public sealed class SessionGuard(MessengerActors actors, SessionCache cache, TokenService tokens, TimeProvider clock, IOptions<MessengerOptions> options)
{
    /// <summary>Starts a session for a login and issues its token.</summary>
    public async Task<string> Start(UserAccount account, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(http);
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var started = await actors.AskUser<SessionStarted>(
            new StartSession(account.Id, userAgent, AddressOf(http), tokens.ExpiryFromNow()), http.RequestAborted).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        cache.End(started.Ended, SessionEndReasons.SessionLimit, KeepEndedUntil(now), now);
        cache.Confirm(account.Id, started.Session.Id, now, started.Session.ExpiresAt + TokenService.ClockSkew);
        return tokens.Issue(account, started.Session);
    }

    public async Task<bool> IsActive(int userId, string sessionId, DateTimeOffset tokenExpires, string? address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        switch (cache.Check(userId, sessionId, now, options.Value.SessionRecheckInterval))
        {
            case SessionCache.Verdict.Active:
                return true;
            case SessionCache.Verdict.Ended:
                return false;
        }

        // The check carries this use as the session's last seen: one report per recheck interval, not per request.
        var answer = await actors.AskUser<SessionChecked>(new CheckSession(userId, sessionId, now, address), ct).ConfigureAwait(false);
        var keepUntil = tokenExpires + TokenService.ClockSkew;
        if (answer.Active)
        {
            cache.Confirm(userId, sessionId, now, keepUntil);
        }
        else
        {
            cache.End([sessionId], SessionEndReasons.Ended, keepUntil, now);
        }

        return answer.Active;
    }

    /// <summary>Why this node knows the session ended (null if it does not).</summary>
    public string? EndReason(string sessionId) => cache.EndReason(sessionId);

    /// <summary>
    /// Ends sessions through their user entity (<see cref="EndSession"/>, <see cref="EndOtherSessions"/>,
    /// <see cref="EndAllSessions"/>); when this returns, this node refuses their tokens.
    /// </summary>
    public async Task<SessionsEnded> End(IWithUserId command, CancellationToken ct = default)
    {
        var ended = await actors.AskUser<SessionsEnded>(command, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        cache.End(ended.SessionIds, ended.Reason, KeepEndedUntil(now), now);
        return ended;
    }

    public Task<SessionList> List(int userId, CancellationToken ct = default) =>
        actors.AskUser<SessionList>(new ListSessions(userId), ct);

    /// <remarks>Through the feature: <c>HttpContext.Connection</c> makes a wrapper that stays with a hub socket's request.</remarks>
    public static string? AddressOf(HttpContext http) => http?.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpConnectionFeature>()?.RemoteIpAddress?.ToString();

    /// <summary>No token of a session ending now outlives this.</summary>
    private DateTimeOffset KeepEndedUntil(DateTimeOffset now) => now + options.Value.TokenLifetime + TokenService.ClockSkew;
}
