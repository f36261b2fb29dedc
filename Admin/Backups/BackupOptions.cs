namespace ActorMessenger.Admin.Backups;

/// <summary>The <c>Messenger:Backups</c> configuration section.</summary>
public sealed class BackupOptions
{
    public const string Section = "Messenger:Backups";

    /// <summary>Where backups go; empty means <c>backups/</c> in the data directory. Relative paths start at the current folder.</summary>
    public string? Folder { get; set; }

    /// <summary>A scheduled backup this long after the newest one; zero turns the schedule off.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many backups the folder keeps (the newest, whoever made them); zero keeps all.</summary>
    public int Keep { get; set; } = 7;
}
