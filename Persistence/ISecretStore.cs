namespace ActorMessenger.Persistence;

/// <summary>
/// Small secrets the server makes once and keeps (the token signing key): every restart, and every
/// node sharing the store, reads the same bytes.
/// </summary>
public interface ISecretStore
{
    /// <summary>
    /// The secret called <paramref name="name"/>. <paramref name="create"/> runs only while it is missing; when several
    /// callers (nodes starting at once) make one, the first stored wins and every caller gets that one.
    /// </summary>
    byte[] GetOrCreate(string name, Func<byte[]> create);
}
