namespace ActorMessenger.Admin.Backups;

/// <summary>A backup was asked for while one is being taken.</summary>
public sealed class BackupBusyException(string running)
    : InvalidOperationException($"The backup {running} is being taken; wait until it is done.")
{
    public string Running { get; } = running;
}

/// <summary>A restore was refused before anything changed; the message is one sentence for the console.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);
