using System.Security.Claims;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// The identity a request keeps once its token is checked: the claims the server reads, as strings
/// in fields, with each <see cref="Claim"/> made only when asked for. An open hub connection keeps
/// its identity for as long as it is open; five claim objects and their list were ~0.5 KiB of each.
/// Read-only: nothing adds claims to a validated identity.
/// </summary>
public sealed class SlimIdentity : ClaimsIdentity
{
    private readonly string? _userId;
    private readonly string? _username;
    private readonly string? _role;
    private readonly string? _expires;
    private readonly string? _sessionId;

    public SlimIdentity(string authenticationType, string? userId, string? username, string? role, string? expires, string? sessionId)
        : base(authenticationType, MessengerClaims.Username, MessengerClaims.Role)
    {
        (_userId, _username, _role, _expires, _sessionId) = (userId, username, role, expires, sessionId);
    }

    /// <summary>The token's user id, read without making a claim (the hub reads it on every call).</summary>
    public string? UserIdValue => _userId;

    /// <summary>The token's user name, read without making a claim (log lines of every connect and disconnect).</summary>
    public string? UsernameValue => _username;

    /// <summary>The token's session id, read without making a claim (every hub call checks the session).</summary>
    public string? SessionIdValue => _sessionId;

    /// <summary>The token's <c>exp</c>, read without making a claim (every hub call checks it).</summary>
    public string? ExpiresValue => _expires;

    public override IEnumerable<Claim> Claims
    {
        get
        {
            foreach (var type in Types)
            {
                if (FindFirst(type) is { } claim)
                {
                    yield return claim;
                }
            }
        }
    }

    private static readonly string[] Types = [MessengerClaims.UserId, MessengerClaims.Username, MessengerClaims.Role, MessengerClaims.Expires, MessengerClaims.SessionId];

    public override Claim? FindFirst(string type) =>
        ValueOf(type) is { } value ? new Claim(Canonical(type), value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, this) : null;

    public override Claim? FindFirst(Predicate<Claim> match) => Claims.FirstOrDefault(c => match(c));

    public override IEnumerable<Claim> FindAll(string type) => FindFirst(type) is { } claim ? [claim] : [];

    public override IEnumerable<Claim> FindAll(Predicate<Claim> match) => [.. Claims.Where(c => match(c))];

    public override bool HasClaim(string type, string value) => string.Equals(ValueOf(type), value, StringComparison.Ordinal);

    public override bool HasClaim(Predicate<Claim> match) => Claims.Any(c => match(c));

    public override void AddClaim(Claim claim) => throw new NotSupportedException("A validated identity is read-only.");

    public override void AddClaims(IEnumerable<Claim?> claims) => throw new NotSupportedException("A validated identity is read-only.");

    public override bool TryRemoveClaim(Claim? claim) => false;

    public override void RemoveClaim(Claim? claim) => throw new NotSupportedException("A validated identity is read-only.");

    public override ClaimsIdentity Clone() => new SlimIdentity(AuthenticationType!, _userId, _username, _role, _expires, _sessionId);

    /// <summary>Claim types compare as ClaimsIdentity compares them: ignoring case.</summary>
    private string? ValueOf(string type) => Canonical(type) switch
    {
        MessengerClaims.UserId => _userId,
        MessengerClaims.Username => _username,
        MessengerClaims.Role => _role,
        MessengerClaims.Expires => _expires,
        MessengerClaims.SessionId => _sessionId,
        _ => null,
    };

    private static string Canonical(string type)
    {
        // A loop, not Array.Find with a lambda: that made a closure and a delegate on every read.
        foreach (var known in Types)
        {
            if (string.Equals(known, type, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return type;
    }
}
