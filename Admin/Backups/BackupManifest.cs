using System.Text.Json;

namespace ActorMessenger.Admin.Backups;

/// <summary>
/// <c>manifest.json</c> in every backup: what it holds and how to tell it is whole. Paths are relative
/// to the data directory, with <c>/</c> between parts.
/// </summary>
public sealed record BackupManifest(
    int Format,
    string App,
    string Name,
    DateTimeOffset CreatedAt,
    string Trigger,
    string Storage,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<BackupFile> Files)
{
    /// <summary>The layout this code writes and reads; a newer one is refused rather than half restored.</summary>
    public const int CurrentFormat = 1;

    public const string AppName = "ActorMessenger";

    public const string EntryName = "manifest.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>One file of a backup: where it goes, what it is, its length and SHA-256 (lowercase hex).</summary>
public sealed record BackupFile(string Path, string Kind, long Size, string Sha256);

/// <summary>The kinds of file a manifest names.</summary>
public static class BackupKinds
{
    public const string Database = "database";
    public const string Attachment = "attachment";
    public const string Key = "data-protection-key";
    public const string SigningKey = "signing-key";
}
