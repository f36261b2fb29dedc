namespace ActorMessenger.Persistence.Sqlite;

/// <summary>Secrets as files in the data directory (base64, readable by the server's user only).</summary>
public sealed class FileSecretStore(DataDirectory dataDirectory) : ISecretStore
{
    public byte[] GetOrCreate(string name, Func<byte[]> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var path = dataDirectory.File(name);
        if (File.Exists(path))
        {
            return Read(path);
        }

        // Written aside and moved in without replacing: a second writer never overwrites the first
        // one's secret, and no reader ever sees a half-written file.
        var aside = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(aside, Convert.ToBase64String(create()));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(aside, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another writer got there first: theirs stands.
        }
        finally
        {
            File.Delete(aside);
        }

        return Read(path);
    }

    private static byte[] Read(string path) => Convert.FromBase64String(File.ReadAllText(path).Trim());
}
