using ActorMessenger.Admin.Backups;
using Xunit;

namespace ActorMessenger.Tests.Admin;

public sealed class BackupRulesSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 30, 5, TimeSpan.Zero);

    [Fact]
    public void A_backup_is_named_with_the_old_pattern_and_a_taken_name_gets_a_number()
    {
        Assert.Equal("messenger_backup_20261201_123005.zip", BackupRules.NameFor(Noon, _ => false));
        var taken = new HashSet<string> { "messenger_backup_20261201_123005.zip", "messenger_backup_20261201_123005_2.zip" };
        Assert.Equal("messenger_backup_20261201_123005_3.zip", BackupRules.NameFor(Noon, taken.Contains));
        Assert.Equal("replaced_20261201_123005", BackupRules.ReplacedFolderFor(Noon, _ => false));
    }

    [Theory]
    [InlineData("messenger_backup_20261201_123005.zip", true)]
    [InlineData("messenger_backup_20261201_123005_12.zip", true)]
    [InlineData("messenger_backup_20261201_123005", false)]
    [InlineData("../messenger_backup_20261201_123005.zip", false)]
    [InlineData("..%2Fsigning.key", false)]
    [InlineData("messenger.db", false)]
    [InlineData("messenger_backup_20261201_123005.zip/../../signing.key", false)]
    [InlineData("", false)]
    public void Only_names_this_server_makes_are_valid(string name, bool valid) =>
        Assert.Equal(valid, BackupRules.IsValidName(name));

    [Fact]
    public void Retention_deletes_all_but_the_newest_kept_and_zero_keeps_everything()
    {
        var backups = Enumerable.Range(0, 5).Select(i => new BackupInfo($"b{i}", 1, Noon.AddDays(i))).Reverse().ToList();
        Assert.Equal(["b2", "b1", "b0"], BackupRules.ToDelete(backups, 2).Select(b => b.Name));
        Assert.Empty(BackupRules.ToDelete(backups, 0));
        Assert.Empty(BackupRules.ToDelete(backups, 9));
    }

    [Fact]
    public void The_next_scheduled_backup_counts_from_the_newest_backup_and_waits_an_interval_after_a_failure()
    {
        var day = TimeSpan.FromDays(1);
        var started = Noon;
        Assert.Equal(started + day, BackupRules.NextDue(null, started, null, day));

        // A server restarted every morning still takes its daily backup.
        Assert.Equal(started - TimeSpan.FromHours(3), BackupRules.NextDue(started - day - TimeSpan.FromHours(3), started, null, day));
        Assert.Equal(started + TimeSpan.FromHours(1) + day, BackupRules.NextDue(started - day, started, started + TimeSpan.FromHours(1), day));
    }

    [Theory]
    [InlineData("messenger.db", "database", true)]
    [InlineData("files/0123abcd", "attachment", true)]
    [InlineData("keys/key-1.xml", "data-protection-key", true)]
    [InlineData("signing.key", "signing-key", true)]
    [InlineData("../messenger.db", "database", false)]
    [InlineData("files/../../etc/passwd", "attachment", false)]
    [InlineData("/etc/passwd", "attachment", false)]
    [InlineData("backups/x.zip", "attachment", false)]
    [InlineData("server.lock", "signing-key", false)]
    [InlineData("files/a", "database", false)]
    [InlineData("C:\\x", "database", false)]
    [InlineData("files/a", "something", false)]
    public void A_backup_may_only_put_back_databases_attachments_keys_and_the_signing_key(string path, string kind, bool allowed) =>
        Assert.Equal(allowed, BackupRules.IsRestorablePath(path, kind));
}
