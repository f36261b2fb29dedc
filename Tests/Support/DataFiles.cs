using System.Text;

namespace ActorMessenger.Tests.Support;

/// <summary>Looks at the raw bytes of every file under a folder, as someone who copies the data directory would.</summary>
public static class DataFiles
{
    /// <summary>Every file (databases, their write-ahead logs, uploads, keys) whose bytes contain the text as UTF-8.</summary>
    public static List<string> Holding(string folder, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Holds(f, bytes))];
    }

    /// <summary>Waits until no file holds any of the texts (the condition the documentation promises, not a time).</summary>
    public static Task WaitUntilNoneHold(string folder, IReadOnlyCollection<string> texts)
    {
        List<string> Holding() => [.. texts.SelectMany(t => DataFiles.Holding(folder, t))];
        return Poll.Until(
            () => Holding().Count == 0,
            () => "Still holding old text: " + string.Join(", ", Holding().Select(System.IO.Path.GetFileName).Distinct()),
            TimeSpan.FromSeconds(60));
    }

    private static bool Holds(string file, byte[] text)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(text) >= 0;
        }
        catch (IOException)
        {
            // Gone meanwhile, or held exclusively (the server's lock file, which holds nothing).
            return false;
        }
    }
}
