namespace ActorMessenger.Persistence.Sqlite;

/// <summary>Secrets as files in the data directory (base64, readable by the server's user only).</summary>
public sealed class FileSecretStore(DataDirectory dataDirectory) : ISecretStore
{
    private readonly Lock _gate = new();

    public byte[] GetOrCreate(string name, Func<byte[]> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var path = dataDirectory.File(name);
        lock (_gate)
        {
            if (File.Exists(path))
            {
                return Convert.FromBase64String(File.ReadAllText(path).Trim());
            }

            var bytes = create();
            File.WriteAllText(path, Convert.ToBase64String(bytes));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return bytes;
        }
    }
}
