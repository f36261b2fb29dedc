namespace ActorMessenger.Persistence;

/// <summary>Where the server keeps its files: the database, the signing key, later backups and uploads.</summary>
public sealed class DataDirectory
{
    public const string DatabaseFileName = "messenger.db";

    public DataDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string DatabaseFile => System.IO.Path.Combine(Path, DatabaseFileName);

    public string File(string name) => System.IO.Path.Combine(Path, name);
}
