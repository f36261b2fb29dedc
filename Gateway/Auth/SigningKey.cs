using System.Security.Cryptography;
using ActorMessenger.Persistence;
using Microsoft.IdentityModel.Tokens;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// The token signing key: 64 random bytes made on first start and kept by the storage backend, so
/// tokens survive restarts, every node of a cluster accepts them, and every LAN install has its own key.
/// </summary>
public sealed class SigningKey
{
    public const string Name = DataDirectory.SigningKeyFileName;

    public SigningKey(ISecretStore secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var bytes = secrets.GetOrCreate(Name, () => RandomNumberGenerator.GetBytes(64));
        Key = new SymmetricSecurityKey(bytes) { KeyId = "messenger" };
    }

    public SymmetricSecurityKey Key { get; }
}
