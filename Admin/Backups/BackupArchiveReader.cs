using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace ActorMessenger.Admin.Backups;

/// <summary>
/// Opens a backup and unpacks it into a staging folder, checking it against its manifest on the way:
/// every listed file present with its size and SHA-256, nothing unlisted, no path leaving the folder.
/// Any fault is a <see cref="BackupRefusedException"/>.
/// </summary>
internal static class BackupArchiveReader
{
    public static BackupManifest Unpack(string zipPath, string staging, string storage)
    {
        var shown = Path.GetFileName(zipPath);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException)
        {
            throw new BackupRefusedException($"{shown} is not a readable zip file (truncated or damaged).");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackupRefusedException($"{shown} cannot be read: {ex.Message}");
        }

        using (zip)
        {
            try
            {
                var manifest = ReadManifest(zip, shown, storage);
                Extract(zip, manifest, staging, shown);
                return manifest;
            }
            catch (InvalidDataException)
            {
                throw new BackupRefusedException($"{shown} is damaged: part of it cannot be unpacked.");
            }
        }
    }

    private static BackupManifest ReadManifest(ZipArchive zip, string shown, string storage)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName)
            ?? throw new BackupRefusedException($"{shown} holds no {BackupManifest.EntryName}: it is not an ActorMessenger backup.");
        BackupManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<BackupManifest>(stream, BackupManifest.Json);
        }
        catch (JsonException)
        {
            manifest = null;
        }

        if (manifest is null || manifest.App != BackupManifest.AppName || manifest.Files is null)
        {
            throw new BackupRefusedException($"The {BackupManifest.EntryName} of {shown} is unreadable: it is not an ActorMessenger backup.");
        }

        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupRefusedException($"{shown} has backup format {manifest.Format}; this server reads format {BackupManifest.CurrentFormat}.");
        }

        if (manifest.Storage != storage)
        {
            throw new BackupRefusedException($"{shown} holds {manifest.Storage} databases; this server keeps its data in {storage}.");
        }

        return manifest;
    }

    private static void Extract(ZipArchive zip, BackupManifest manifest, string staging, string shown)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (file?.Path is null || file.Kind is null || file.Sha256 is null || !BackupRules.IsRestorablePath(file.Path, file.Kind) || !listed.Add(file.Path))
            {
                throw new BackupRefusedException($"The manifest of {shown} lists '{file?.Path}', which a backup may not hold.");
            }
        }

        var unlisted = zip.Entries.FirstOrDefault(e => e.FullName != BackupManifest.EntryName && !listed.Contains(e.FullName));
        if (unlisted is not null)
        {
            throw new BackupRefusedException($"{shown} holds '{unlisted.FullName}', which its manifest does not list.");
        }

        foreach (var file in manifest.Files)
        {
            var entry = zip.GetEntry(file.Path)
                ?? throw new BackupRefusedException($"{shown} lacks {file.Path}, which its manifest lists.");
            if (entry.Length != file.Size)
            {
                throw new BackupRefusedException($"{file.Path} in {shown} is {entry.Length} bytes where its manifest says {file.Size}: the backup is damaged.");
            }

            var target = Path.Combine(staging, file.Path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var source = entry.Open())
            using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[81_920];
                int read;
                while ((read = source.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                }
            }

            if (!string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), file.Sha256, StringComparison.Ordinal))
            {
                throw new BackupRefusedException($"{file.Path} in {shown} does not match its manifest (SHA-256 differs): the backup is damaged.");
            }
        }
    }
}
