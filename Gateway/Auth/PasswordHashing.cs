using Microsoft.AspNetCore.Identity;

namespace ActorMessenger.Gateway.Auth;

/// <summary>ASP.NET Core Identity's salted PBKDF2 hasher; accounts are not needed to hash.</summary>
public sealed class PasswordHashing
{
    private static readonly object NoUser = new();
    private readonly PasswordHasher<object> _hasher = new();

    // Verifying against this when the username is unknown keeps both paths equally slow.
    private readonly Lazy<string> _decoy;

    public PasswordHashing() => _decoy = new Lazy<string>(() => Hash(Guid.NewGuid().ToString()));

    public string Hash(string password) => _hasher.HashPassword(NoUser, password);

    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(NoUser, hash ?? _decoy.Value, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
