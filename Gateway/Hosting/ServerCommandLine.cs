using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using ActorMessenger.Admin.Backups;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The server's command line: a few switches of its own on top of standard ASP.NET Core configuration
/// (every <c>--Section:Key value</c> works), and the text <c>--help</c> prints, made from the same
/// switches and from <see cref="MessengerOptions"/> itself, so a new setting cannot be left out.
/// </summary>
public static class ServerCommandLine
{
    public const string HelpSwitch = "--help";
    public const string VersionSwitch = "--version";
    public const string VerboseSwitch = "--verbose";

    /// <summary>Short switches mapped onto configuration keys.</summary>
    public static Dictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--port"] = "Messenger:Port",
        ["--host"] = "Messenger:Host",
        ["--data-dir"] = "Messenger:DataDir",
        ["--db"] = "Messenger:Db",
        ["--cluster-port"] = "Messenger:Cluster:Port",
        ["--cluster-cert"] = "Messenger:Cluster:Certificate",
    };

    public const string SeedSwitch = "--seed";

    /// <summary>Every switch the server itself understands, with what it does (the start scripts add theirs).</summary>
    public static IReadOnlyList<(string Usage, string Text)> Options { get; } =
    [
        ("--host ADDRESS", "address to listen on: 127.0.0.1 (default, this machine only) or 0.0.0.0 (the whole LAN); env HOST"),
        ("--port N", "port to listen on (default 5000); env PORT"),
        ("--data-dir PATH", "where databases, uploads, keys and backups live (default ./data, relative to the current folder)"),
        ("--db CONNECTION", "store everything in this PostgreSQL database instead of SQLite files in the data directory (\"Host=…;Database=…;Username=…;Password=…\"); env Messenger__Db"),
        ("--cluster-port N", "the port other nodes reach this one on when they share the --db (default " + Cluster.ClusterTopology.DefaultSharedPort.ToString(CultureInfo.InvariantCulture) + "; without --db it stays on loopback)"),
        (SeedSwitch + " HOST:PORT", "join the cluster through this node (repeatable); without it, nodes sharing the --db find each other through it"),
        ("--cluster-cert FILE", "a .pfx certificate (with its key) every node presents and accepts on the cluster port, instead of the one kept in the database"),
        ("--urls URLS", "listen on these URLs instead of host and port (e.g. \"https://0.0.0.0:5001\"; ';' between several)"),
        (BackupRestorer.Switch + " FILE", "check a backup made by the server, move the current data aside and start on the backup (bad backup: exit code 2)"),
        (StorageMigrationCommand.Switch + " CONNECTION", "copy everything of the data directory's SQLite installation (journal, snapshots, read model, attachments, users, keys) into this new, empty PostgreSQL database, check every count and exit without starting (with the server stopped; refused: exit code 4, nothing kept)"),
        (DemoPasswordGuard.AllowSwitch, "listen beyond loopback although a demo account keeps its demo password (closed test networks only)"),
        (BrowserLaunch.OpenSwitch, "open the admin panel in the browser once listening, on a desktop session (the start scripts pass it)"),
        (BrowserLaunch.NoOpenSwitch, "do not open the browser"),
        (VerboseSwitch, "show the actor system's and ASP.NET Core's start-up and information lines too"),
        (VersionSwitch, "print the version and exit"),
        (HelpSwitch + ", -h", "print this text and exit"),
    ];

    public static bool AsksForHelp(IEnumerable<string> args) =>
        args.Any(a => a is HelpSwitch or "-h" or "-?" or "/?");

    public static bool AsksForVersion(IEnumerable<string> args) => args.Any(a => a == VersionSwitch);

    /// <summary>The command line without <see cref="VerboseSwitch"/>, and whether it was there.</summary>
    public static (string[] Args, bool Verbose) TakeVerbose(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = args.Where(a => !a.Equals(VerboseSwitch, StringComparison.OrdinalIgnoreCase)).ToArray();
        return (rest, rest.Length != args.Length);
    }

    /// <summary>The command line without its <see cref="SeedSwitch"/> pairs, and those as configuration (a switch may repeat).</summary>
    public static (string[] Args, IEnumerable<KeyValuePair<string, string?>> Seeds) TakeSeeds(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        var seeds = new List<KeyValuePair<string, string?>>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == SeedSwitch && i + 1 < args.Length)
            {
                seeds.Add(new($"Messenger:Cluster:Seeds:{seeds.Count.ToString(CultureInfo.InvariantCulture)}", args[++i]));
                continue;
            }

            rest.Add(args[i]);
        }

        return ([.. rest], seeds);
    }

    /// <summary>Configuration <see cref="VerboseSwitch"/> stands for; anything given explicitly on the command line still wins.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> VerboseSettings { get; } =
    [
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Information"),
        new("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"),
        new("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Information"),
        new("Hocon:akka:loglevel", "INFO"),
    ];

    public static string HelpText()
    {
        var text = new StringBuilder();
        text.AppendLine(ServerVersion.Line + ": a messenger server for a local network.")
            .AppendLine()
            .AppendLine("Usage: start.sh [options]   (Windows: start.cmd, macOS: start.command; the server itself: ActorMessenger.Gateway [options])")
            .AppendLine()
            .AppendLine("Options:");
        var width = Options.Max(o => o.Usage.Length) + 2;
        foreach (var (usage, what) in Options)
        {
            text.Append("  ").Append(usage.PadRight(width)).AppendLine(what);
        }

        text.AppendLine()
            .AppendLine("Start scripts only: --install-service, --uninstall-service (run as a service that starts with the machine;")
            .AppendLine("  see README, \"Run as a service\").")
            .AppendLine()
            .AppendLine("Settings (--Messenger:Name value, env Messenger__Name=value, or appsettings.json), with their defaults")
            .AppendLine("(docs/operations.md says what each does):");
        foreach (var (name, value) in Settings(MessengerOptions.Section, new MessengerOptions()))
        {
            text.Append("  --").Append(name).Append(' ').AppendLine(value);
        }

        text.AppendLine()
            .AppendLine("Also: --Hocon:path value sets any HOCON value (HOCON/messenger.hocon, Akka settings), e.g.")
            .AppendLine("  --Hocon:messenger:max-text-length 2000; --Logging:LogLevel:Default Warning sets log levels; --Kestrel:...")
            .AppendLine("  configures HTTPS certificates. Environment: ACTORMESSENGER_SUPERVISED=1 (set by the start scripts and")
            .AppendLine("  service files) makes a restart exit with code " + ServerRestart.ExitCode.ToString(CultureInfo.InvariantCulture) + " for them to start the server again.")
            .AppendLine()
            .AppendLine("Exit codes: 0 stopped; 1 could not start (the message says why and what to do); 2 backup not restored;")
            .AppendLine("  3 refused to listen beyond loopback with a demo password unchanged; 4 not migrated (--migrate-to; nothing kept);")
            .AppendLine("  " + ServerRestart.ExitCode.ToString(CultureInfo.InvariantCulture) + " restart asked for (supervised).");
        return text.ToString();
    }

    /// <summary>Every settable leaf of an options object as <c>Section:Path</c> and its default, nested classes flattened.</summary>
    public static IEnumerable<(string Name, string Default)> Settings(string prefix, object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            // Filled in at start from the URLs, not read from configuration.
            if (property.Name == nameof(MessengerOptions.ListenUrls))
            {
                continue;
            }

            var value = property.GetValue(options);
            var name = prefix + ":" + property.Name;
            if (value is not null && property.PropertyType.IsClass && property.PropertyType != typeof(string) && value is not IEnumerable)
            {
                foreach (var nested in Settings(name, value))
                {
                    yield return nested;
                }

                continue;
            }

            yield return (name, Show(value));
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "(none)",
        string s => s.Length == 0 ? "\"\"" : s,
        bool b => b ? "true" : "false",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object>()) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
