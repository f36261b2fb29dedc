using System.Globalization;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Migration;
using ActorMessenger.Persistence.Postgres;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// <c>--migrate-to CONNECTION</c>: copies a single-machine installation's data directory (its SQLite
/// files, uploads, signing key and data-protection keys) into a new, empty PostgreSQL database, checks
/// every count, and exits; the server is not started. The data directory's lock is held throughout, so
/// it refuses while a server uses the directory. Nothing in the data directory is changed.
/// </summary>
public static class StorageMigrationCommand
{
    public const string Switch = "--migrate-to";

    /// <summary>Not migrated: nothing to copy, a server holds the data, the target holds data, or a count differed. Nothing kept.</summary>
    public const int RefusedExitCode = 4;

    public static bool IsAsked(IEnumerable<string> args) =>
        args.Any(a => a == Switch || a.StartsWith(Switch + "=", StringComparison.Ordinal));

    /// <summary>Runs the migration the command line asks for; the exit code (0 done, <see cref="RefusedExitCode"/> not done).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            var target = TargetIn(args);
            var options = Options(args);
            var folder = Path.GetFullPath(options.DataDir);
            if (!Directory.Exists(folder))
            {
                throw new MigrationRefusedException($"There is no data directory at {folder}. Name the one to migrate with --data-dir PATH.");
            }

            var data = new DataDirectory(folder);
            using var held = Lock(data);
            using var database = new PostgresDatabase(target, options.Postgres);
            await output.WriteLineAsync($"Copying the SQLite data in {data.Path} into the {database.Name}:");
            var counts = await new SqliteToPostgres(data, database, output).RunAsync();
            await output.WriteLineAsync("Every count matches: " + string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.What} {c.Source}"))) + ".");
            await output.WriteLineAsync(
                $"Migrated. Start the server on it with --db and the same connection (./start.sh --db \"…\"); the files in {data.Path} are unchanged: "
                + "keep them until the server on PostgreSQL has been checked.");
            return 0;
        }
        catch (MigrationRefusedException refused)
        {
            await errors.WriteLineAsync("Not migrated: " + refused.Message);
        }
        catch (Exception refused) when (refused is StorageUnavailableException or DataUnusableException or DataDirectoryInUseException)
        {
            await errors.WriteLineAsync("Not migrated: " + refused.Message + " Nothing was changed.");
        }

        return RefusedExitCode;
    }

    /// <summary>The connection after <c>--migrate-to</c> (or <c>--migrate-to=CONNECTION</c>).</summary>
    private static string TargetIn(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(Switch + "=", StringComparison.Ordinal) && args[i].Length > Switch.Length + 1)
            {
                return args[i][(Switch.Length + 1)..];
            }

            if (args[i] == Switch && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return args[i + 1];
            }
        }

        throw new MigrationRefusedException($"{Switch} needs the PostgreSQL database to copy into: {Switch} \"Host=…;Database=…;Username=…;Password=…\".");
    }

    /// <summary>The data directory and PostgreSQL settings, read as a start reads them (appsettings.json, environment, command line).</summary>
    private static MessengerOptions Options(string[] args)
    {
        (args, _) = DemoPasswordGuard.TakeAllowSwitch(args);
        (args, _) = BrowserLaunch.TakeSwitches(args);
        (args, _) = ServerCommandLine.TakeVerbose(args);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, ServerCommandLine.Switches)
            .Build();
        return configuration.GetSection(MessengerOptions.Section).Get<MessengerOptions>() ?? new MessengerOptions();
    }

    private static IDisposable Lock(DataDirectory data)
    {
        try
        {
            return data.Lock();
        }
        catch (DataDirectoryInUseException inUse)
        {
            throw new MigrationRefusedException($"A server is using the data directory {data.Path}. Stop it first: the copy must hold everything it wrote. Nothing was changed.", inUse);
        }
    }
}
