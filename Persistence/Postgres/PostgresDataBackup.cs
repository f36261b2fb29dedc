using System.Diagnostics;
using Npgsql;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// Backups of the PostgreSQL store through PostgreSQL's own tools: <c>pg_dump</c> in its custom
/// format reads the whole database in one snapshot (journal, snapshots, read model and attachment
/// bytes agree with each other by construction), <c>pg_restore --list</c> checks a copy, and
/// <c>pg_restore --clean --single-transaction</c> puts it back (after the current database was dumped
/// aside). The tools come with PostgreSQL (<c>postgresql-client</c>); they are looked for on the PATH
/// and in <c>/usr/lib/postgresql/*/bin</c>. Restore with every node of a cluster stopped.
/// </summary>
public sealed class PostgresDataBackup(PostgresDatabase database) : IDataBackup
{
    public const string DumpFileName = "messenger.pgdump";

    private static readonly string[] ExpectedTables = ["journal", "snapshot", "chat_history", "chat_updates", "chat_catalog", "attachments", "attachment_bytes", "secrets"];

    public string Storage => "postgresql";

    public async Task<DatabaseCopy> CopyAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        await RunToolAsync("pg_dump", ["--format=custom", "--no-owner", "--file", Path.Combine(folder, DumpFileName)], cancellationToken).ConfigureAwait(false);
        var counts = await database.RunAsync(
            async (connection, ct) =>
            {
                var values = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (name, sql) in new[] { ("events", "SELECT count(*) FROM journal;"), ("snapshots", "SELECT count(*) FROM snapshot;"), ("messages", "SELECT count(*) FROM chat_history;"), ("attachments", "SELECT count(*) FROM attachments;") })
                {
                    values[name] = Convert.ToInt64(await Scalar(connection, sql, ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }

                return values;
            },
            cancellationToken).ConfigureAwait(false);
        return new DatabaseCopy([DumpFileName], counts);
    }

    public string? Check(string folder)
    {
        var dump = Path.Combine(folder, DumpFileName);
        if (!File.Exists(dump))
        {
            return $"The backup holds no {DumpFileName}.";
        }

        string listing;
        try
        {
            listing = RunToolAsync("pg_restore", ["--list", dump], CancellationToken.None, connect: false).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException ex)
        {
            return $"The database dump cannot be read: {ex.Message}";
        }

        var missing = ExpectedTables.Where(t => !listing.Contains($" TABLE public {t} ", StringComparison.Ordinal)).ToList();
        return missing.Count == 0 ? null : $"The database dump lacks the tables {string.Join(", ", missing)}.";
    }

    public void Replace(string folder, string aside)
    {
        Directory.CreateDirectory(aside);
        RunToolAsync("pg_dump", ["--format=custom", "--no-owner", "--file", Path.Combine(aside, DumpFileName)], CancellationToken.None).GetAwaiter().GetResult();
        RunToolAsync("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--exit-on-error", Path.Combine(folder, DumpFileName)], CancellationToken.None, intoDatabase: true).GetAwaiter().GetResult();
    }

    /// <summary>Runs a PostgreSQL tool against the database (connection through the environment, so no password shows in a process list); answers its output.</summary>
    private async Task<string> RunToolAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken, bool connect = true, bool intoDatabase = false)
    {
        var start = new ProcessStartInfo(ToolPath(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (connect)
        {
            var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            start.Environment["PGHOST"] = cs.Host;
            start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGDATABASE"] = cs.Database;
            start.Environment["PGUSER"] = cs.Username;
            if (cs.Password is { Length: > 0 } password)
            {
                start.Environment["PGPASSWORD"] = password;
            }

            if (intoDatabase)
            {
                start.ArgumentList.Add("--dbname");
                start.ArgumentList.Add(cs.Database!);
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {(await errors.ConfigureAwait(false)).Trim()}");
        }

        return await output.ConfigureAwait(false);
    }

    private static string ToolPath(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        const string Debian = "/usr/lib/postgresql";
        return Directory.Exists(Debian)
            ? Directory.GetDirectories(Debian).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin", tool)).FirstOrDefault(File.Exists) ?? tool
            : tool;
    }
}
