using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.History;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Postgres;
using ActorMessenger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Tests.Persistence.Contract;

/// <summary>The storage contract on a database of its own in the private PostgreSQL, and what only a shared database needs.</summary>
[Collection(UsesPostgres.Name)]
public sealed class PostgresStorageContract(PostgresInstance postgres) : StorageContract
{
    private readonly string _database = postgres.CreateDatabase();

    protected override IStorageBackend OpenBackend() => new PostgresBackend(_database);

    [Fact]
    public async Task A_late_write_of_an_older_version_never_undoes_a_newer_edit()
    {
        var history = Start().GetRequiredService<IMessageHistoryStore>();
        var original = Message("g-a", 1, "исходный");
        var edited = original with { Text = "исправленный", EditedAt = DateTimeOffset.UtcNow };
        await history.ApplyAsync([new ProjectionBatch("g-a", [original], [new UpdateRecord(1, UpdateTypes.NewMessage, 1, null)])]);
        await history.ApplyAsync([new ProjectionBatch("g-a", [edited], [new UpdateRecord(7, UpdateTypes.MessageEdited, 1, null)])]);

        // A node that just lost the chat writes what it had.
        await history.ApplyAsync([new ProjectionBatch("g-a", [original], [new UpdateRecord(1, UpdateTypes.NewMessage, 1, null)])]);

        Assert.Equal("исправленный", Assert.Single(await history.PageAsync("g-a", long.MaxValue, 10)).Text);
        Assert.Empty(await history.SearchAsync(["g-a"], "исходн", 10));
        Assert.Single(await history.SearchAsync(["g-a"], "исправл", 10));
    }

    [Fact]
    public async Task Nodes_starting_at_once_create_the_schema_once_and_all_start()
    {
        var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            using var backend = new PostgresBackend(_database);
            backend.Initialize();
        })).ToArray();
        await Task.WhenAll(starts);
        Assert.All(starts, s => Assert.True(s.IsCompletedSuccessfully));
    }
}
