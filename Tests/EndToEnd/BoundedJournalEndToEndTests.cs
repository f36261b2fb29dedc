using ActorMessenger.Persistence;
using ActorMessenger.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ActorMessenger.Tests.EndToEnd;

/// <summary>Logins and connects must not grow the journal forever (they used to add presence rows each time).</summary>
public sealed class BoundedJournalEndToEndTests
{
    private const int SnapshotEvery = 10;

    private static long Rows(string dataDir, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, DataDirectory.JournalFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM event_journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)command.ExecuteScalar()!;
    }


    [Fact]
    public async Task Many_logins_and_connects_leave_the_journal_rows_of_the_user_and_the_directory_bounded()
    {
        await using var server = new TempDirectoryServer("--Hocon:messenger:user:snapshot-every", SnapshotEvery.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server.StartAsync();
        var user = await TestAccounts.Register(server.Address);
        var userId = $"user-{user.Id}";
        var directoryRows = Rows(server.DataPath, "user-directory");

        // Each round: a login (a session), a connection (presence) and its close (last seen).
        for (var i = 0; i < 25; i++)
        {
            var (_, token) = await MessengerClient.LoginAsync(server.Address, user.Username, user.Password);
            await using var device = await MessengerClient.ConnectAsync(server.Address, user.Id, token);
        }

        await Poll.Until(
            () => Rows(server.DataPath, userId) <= (2 * SnapshotEvery) + 1,
            () => $"{userId} has {Rows(server.DataPath, userId)} journal rows");
        Assert.Equal(directoryRows, Rows(server.DataPath, "user-directory"));

        // Nothing was lost with the deleted rows: the newest sessions still work after a restart.
        var (_, last) = await MessengerClient.LoginAsync(server.Address, user.Username, user.Password);
        await server.RestartAsync();
        using var http = MessengerClient.Authorized(server.Address, last);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/chats", UriKind.Relative))).StatusCode);
        Assert.True(Rows(server.DataPath, userId) <= (2 * SnapshotEvery) + 1);
    }
}
