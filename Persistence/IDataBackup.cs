namespace ActorMessenger.Persistence;

/// <summary>
/// The storage-specific half of a backup: copies the databases while the server runs, checks a
/// copy before it is restored, and swaps it in. Admin code sees only this seam, so a PostgreSQL
/// backend (a dump instead of file copies) restores through the same command.
/// </summary>
public interface IDataBackup
{
    /// <summary>Names the storage in a backup's manifest; a backup restores only onto the same kind.</summary>
    string Storage { get; }

    /// <summary>
    /// Copies every database into <paramref name="folder"/> while writers keep going, in an order that
    /// makes the copies agree with each other (see the implementation), and says what it wrote.
    /// </summary>
    Task<DatabaseCopy> CopyAsync(string folder, CancellationToken cancellationToken);

    /// <summary>
    /// Checks copies made by <see cref="CopyAsync"/>, now in <paramref name="folder"/>: readable,
    /// undamaged, with the expected schema. Null when they are fine, else one sentence saying what is wrong.
    /// </summary>
    string? Check(string folder);

    /// <summary>Moves the current databases into <paramref name="aside"/> and the checked copies from <paramref name="folder"/> in their place.</summary>
    void Replace(string folder, string aside);
}

/// <summary>What <see cref="IDataBackup.CopyAsync"/> wrote: file names relative to its folder, and counts of what they hold.</summary>
public sealed record DatabaseCopy(IReadOnlyList<string> Files, IReadOnlyDictionary<string, long> Counts);
