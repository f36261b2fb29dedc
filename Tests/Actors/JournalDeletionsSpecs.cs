using ActorMessenger.Actors;
using Xunit;

namespace ActorMessenger.Tests.Actors;

public sealed class JournalDeletionsSpecs
{
    [Fact]
    public void A_deletion_asked_for_while_one_runs_waits_and_only_the_furthest_waiting_is_made()
    {
        var deletions = new JournalDeletions();
        Assert.Equal(100, deletions.Ask(100));
        Assert.Null(deletions.Ask(200));
        Assert.Null(deletions.Ask(300));
        Assert.Null(deletions.Ask(250));

        Assert.Equal(300, deletions.Done());
        Assert.Null(deletions.Ask(400));
        Assert.Equal(400, deletions.Done());
        Assert.Null(deletions.Done());
        Assert.Equal(500, deletions.Ask(500));
    }

    [Fact]
    public void A_waiting_deletion_no_further_than_the_one_that_ran_is_dropped()
    {
        var deletions = new JournalDeletions();
        Assert.Equal(300, deletions.Ask(300));
        Assert.Null(deletions.Ask(200));
        Assert.Null(deletions.Done());
        Assert.Equal(200, deletions.Ask(200));
    }
}
