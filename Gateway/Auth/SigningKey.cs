using System.Security.Cryptography;
using ActorMessenger.Persistence;
using Microsoft.IdentityModel.Tokens;

namespace ActorMessenger.Gateway.Auth;

/// <summary>
/// The token signing key: 64 random bytes made on first start and kept in the data directory, so
/// tokens survive restarts and every LAN install has its own key.
/// </summary>
public sealed class SigningKey
{
    public const string FileName = DataDirectory.SigningKeyFileName;

    public SigningKey(DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var path = dataDirectory.File(FileName);
        byte[] bytes;
        if (File.Exists(path))
        {
            bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        else
        {
            bytes = RandomNumberGenerator.GetBytes(64);
            File.WriteAllText(path, Convert.ToBase64String(bytes));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = "messenger" };
    }

    public SymmetricSecurityKey Key { get; }
}
