namespace ActorMessenger.Persistence;

/// <summary>
/// Small secrets the server makes once and keeps (the token signing key): every restart, and every
/// node sharing the store, reads the same bytes.
/// </summary>
public interface ISecretStore
{
    /// <summary>The secret called <paramref name="name"/>; the first caller stores what <paramref name="create"/> makes, everyone else reads that.</summary>
    byte[] GetOrCreate(string name, Func<byte[]> create);
}
