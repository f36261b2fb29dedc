namespace ActorMessenger.Tests.Support;

/// <summary>Data directories older releases made (Tests/Fixtures/data-VERSION), copied for a test to use.</summary>
public static class ReleaseFixtures
{
    public static string Folder => Path.Combine(Path.GetDirectoryName(GatewayProcess.StartScript)!, "Tests", "Fixtures");

    /// <summary>Copies the data directory of <paramref name="release"/> (e.g. <c>data-1.0.0</c>) into <paramref name="into"/>.</summary>
    public static void CopyTo(string release, string into)
    {
        var source = Path.Combine(Folder, release);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(into, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
