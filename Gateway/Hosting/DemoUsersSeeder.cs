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
    ILogger<DemoUsersSeeder> log) : IHostedService
{
    public static IReadOnlyList<(string Username, string Password, string FullName, string Role)> DemoAccounts { get; } =
    [
        ("admin", "admin123", "Администратор", Roles.Admin),
        ("user1", "123456", "Пользователь 1", Roles.User),
        ("user2", "123456", "Пользователь 2", Roles.User),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var existing = await actors.AskDirectory<UserCount>(new CountUsers(), cancellationToken);
        var firstStart = existing.Count == 0;
        var unchanged = new List<string>();
        foreach (var (username, password, fullName, role) in DemoAccounts)
        {
            var found = await actors.AskDirectory<Found>(new FindByUsername(username), cancellationToken);
            var account = found.Account;
            if (account is null && firstStart && options.Value.DemoUsers)
            {
                account = (await actors.AskDirectory<Registered>(new Register(username, hashing.Hash(password), fullName, role), cancellationToken)).Account;
                LogCreated(log, username);
            }

            if (account is not null && hashing.Verify(account.PasswordHash, password))
            {
                LogDemoPassword(log, username, password);
                unchanged.Add(username);
            }
        }

        if (unchanged.Count > 0 && !options.Value.AllowDemoPasswords && DemoPasswordGuard.FirstExposedHost(options.Value.ListenUrls) is { } exposed)
        {
            throw new DemoPasswordsRefusedException(DemoPasswordGuard.RefusalText(exposed, unchanged));
        }
    }

    /// <summary>Whether a login that succeeded with <paramref name="password"/> used a demo account's demo password.</summary>
    public static bool IsDemoPassword(string username, string password) =>
        DemoAccounts.Any(d => d.Username.Equals(username, StringComparison.OrdinalIgnoreCase) && d.Password == password);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo account '{Username}' created")]
    private static partial void LogCreated(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo account '{Username}' still has the demo password '{Password}': change it before opening the server to the LAN (Messenger:DemoUsers=false stops creating demo accounts)")]
    private static partial void LogDemoPassword(ILogger logger, string username, string password);
}
