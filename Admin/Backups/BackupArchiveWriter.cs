using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using ActorMessenger.Persistence;

namespace ActorMessenger.Admin.Backups;

/// <summary>
/// Writes one backup: the databases through <see cref="IDataBackup"/>, then the attachments, the
/// data-protection keys and the signing key, each with its SHA-256 in the manifest, into one zip.
/// </summary>
internal sealed class BackupArchiveWriter(IDataBackup databases, DataDirectory data)
{
    private const int BufferSize = 81_920;

    /// <summary>Writes <paramref name="target"/> (the caller renames it into place) and answers its manifest.</summary>
    public async Task<BackupManifest> WriteAsync(string target, string scratch, BackupProgress start, Action<BackupProgress> report, CancellationToken cancellationToken)
    {
        var copy = await databases.CopyAsync(scratch, cancellationToken).ConfigureAwait(false);

        // Listed only now, after the databases: every attachment row they hold names a file already written.
        var items = copy.Files.Select(f => new Item(Path.Combine(scratch, f), f, BackupKinds.Database))
            .Concat(FilesUnder(DataDirectory.FilesFolderName, BackupKinds.Attachment))
            .Concat(FilesUnder(DataDirectory.KeysFolderName, BackupKinds.Key))
            .Append(new Item(data.File(DataDirectory.SigningKeyFileName), DataDirectory.SigningKeyFileName, BackupKinds.SigningKey))
            .ToList();
        var progress = start with
        {
            Stage = BackupProgress.Files,
            FilesTotal = items.Count,
            BytesTotal = items.Sum(i => SizeOf(i.Source)),
        };
        report(progress);

        var written = new List<BackupFile>(items.Count);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = BufferSize, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            // It holds the signing key: readable by the server's account only, like the key itself.
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(target, create))
        await using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach (var item in items)
            {
                var file = await AddAsync(zip, item, cancellationToken).ConfigureAwait(false);
                if (file is not null)
                {
                    written.Add(file);
                }

                progress = progress with { FilesDone = progress.FilesDone + 1, BytesDone = progress.BytesDone + (file?.Size ?? 0) };
                report(progress);
            }

            var manifest = new BackupManifest(BackupManifest.CurrentFormat, BackupManifest.AppName, start.Name, start.StartedAt, start.Trigger, databases.Storage, copy.Counts, written);
            var entry = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal);
            await using (var json = await entry.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(json, manifest, BackupManifest.Json, cancellationToken).ConfigureAwait(false);
            }

            return manifest;
        }
    }

    /// <summary>Copies one file into the archive while hashing it; a file that vanished meanwhile (not a database) is left out.</summary>
    private static async Task<BackupFile?> AddAsync(ZipArchive zip, Item item, CancellationToken cancellationToken)
    {
        FileStream source;
        try
        {
            source = new FileStream(item.Source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && item.Kind != BackupKinds.Database)
        {
            return null;
        }

        await using (source.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var entry = zip.CreateEntry(item.Path, CompressionLevel.Fastest);
            long size = 0;
            await using (var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                }
            }

            return new BackupFile(item.Path, item.Kind, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
    }

    private IEnumerable<Item> FilesUnder(string folder, string kind)
    {
        var path = data.File(folder);
        return Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).Select(f => new Item(f, $"{folder}/{Path.GetFileName(f)}", kind))
            : [];
    }

    private static long SizeOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    private sealed record Item(string Source, string Path, string Kind);
}
