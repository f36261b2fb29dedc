using System.Collections.Concurrent;
using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Accounts by id, cached: ids and usernames never change, so a send need not ask the directory
/// singleton each time.
/// </summary>
public sealed class UserLookup(MessengerActors actors)
{
    private readonly ConcurrentDictionary<int, UserAccount> _known = new();

    /// <summary>A known account at once (no task allocated); an unknown one asked of the directory.</summary>
    public ValueTask<UserAccount?> Find(int userId, CancellationToken ct = default) =>
        _known.TryGetValue(userId, out var cached) ? new(cached) : new(Ask(userId, ct));

    private async Task<UserAccount?> Ask(int userId, CancellationToken ct)
    {
        var found = await actors.AskDirectory<Found>(new FindById(userId), ct).ConfigureAwait(false);
        if (found.Account is { } account)
        {
            _known[userId] = account with { PasswordHash = string.Empty };
        }

        return found.Account;
    }

    public async Task<string> NameOf(int userId) =>
        (await Find(userId).ConfigureAwait(false))?.Username ?? $"#{userId}";
}
