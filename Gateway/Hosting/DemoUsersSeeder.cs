using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Auth;
using Microsoft.Extensions.Options;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Creates the old server's demo accounts on first start (unless turned off), and warns on every
/// start while any of them still has its well-known password; then the server may listen on
/// loopback only (see <see cref="DemoPasswordGuard"/>). Hosted services start before Kestrel binds,
/// so a refused start never listened.
/// </summary>
public sealed partial class DemoUsersSeeder(
    MessengerActors actors,
    PasswordHashing hashing,
    IOptions<MessengerOptions> options,
    DemoPasswordReport report,
    ILogger<DemoUsersSeeder> log) : IHostedService
{
    /// <summary>
    /// How long a start waits for the user directory (a cluster singleton that must form, start and
    /// recover) before it gives up: one ask timeout is too short on a small or busy machine.
    /// </summary>
    public static readonly TimeSpan DirectoryReadyWithin = TimeSpan.FromMinutes(2);

    public static IReadOnlyList<(string Username, string Password, string FullName, string Role)> DemoAccounts { get; } =
    [
        ("admin", "admin123", "Администратор", Roles.Admin),
        ("user1", "123456", "Пользователь 1", Roles.User),
        ("user2", "123456", "Пользователь 2", Roles.User),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var existing = await WaitForDirectory(cancellationToken);
        var firstStart = existing.Count == 0;
        var unchanged = new List<(string Username, string Password)>();
        var created = new List<string>();
        foreach (var (username, password, fullName, role) in DemoAccounts)
        {
            var found = await actors.AskDirectory<Found>(new FindByUsername(username), cancellationToken);
            var account = found.Account;
            if (account is null && firstStart && options.Value.DemoUsers)
            {
                try
                {
                    account = (await actors.AskDirectory<Registered>(new Register(username, hashing.Hash(password), fullName, role), cancellationToken)).Account;
                    created.Add(username);
                }
                catch (MessengerException taken) when (taken.Code == ErrorCodes.UsernameTaken)
                {
                    // Another node of the cluster, started at the same time on the same empty database, made it.
                    account = (await actors.AskDirectory<Found>(new FindByUsername(username), cancellationToken)).Account;
                }
            }

            if (account is not null && hashing.Verify(account.PasswordHash, password))
            {
                unchanged.Add((username, password));
            }
        }

        // The start-up banner says it, after the addresses, where it is seen.
        report.Created = created;
        report.Unchanged = unchanged;

        if (unchanged.Count > 0 && !options.Value.AllowDemoPasswords && DemoPasswordGuard.FirstExposedHost(options.Value.ListenUrls) is { } exposed)
        {
            throw new DemoPasswordsRefusedException(DemoPasswordGuard.RefusalText(exposed, unchanged.Select(u => u.Username)));
        }
    }

    /// <summary>Whether a login that succeeded with <paramref name="password"/> used a demo account's demo password.</summary>
    public static bool IsDemoPassword(string username, string password) =>
        DemoAccounts.Any(d => d.Username.Equals(username, StringComparison.OrdinalIgnoreCase) && d.Password == password);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The first question to the directory, asked again while it does not answer in time; the
    /// questions after it go to a directory that is up. Counting changes nothing, so asking twice is safe.
    /// </summary>
    private async Task<UserCount> WaitForDirectory(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + DirectoryReadyWithin;
        while (true)
        {
            try
            {
                return await actors.AskDirectory<UserCount>(new CountUsers(), cancellationToken);
            }
            catch (MessengerException e) when (e.Code == ErrorCodes.Unavailable && DateTime.UtcNow < deadline)
            {
                LogWaiting(log);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The user directory has not answered yet (the machine may be busy); still waiting for it")]
    private static partial void LogWaiting(ILogger logger);
}

/// <summary>Which demo accounts the seeder made, and which still have their demo passwords, for the start-up banner.</summary>
public sealed class DemoPasswordReport
{
    /// <summary>Made at this start (the first on a data directory).</summary>
    public IReadOnlyList<string> Created { get; set; } = [];

    public IReadOnlyList<(string Username, string Password)> Unchanged { get; set; } = [];
}
