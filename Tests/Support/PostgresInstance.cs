using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// A private PostgreSQL server for the tests that run on PostgreSQL: a fresh cluster (initdb) in a temp
/// folder, on 127.0.0.1 and a free port, its socket in that folder, stopped and removed at the end.
/// initdb refuses root, so as root the tools run as the <c>postgres</c> user. Each test class asks for
/// a database of its own (<see cref="CreateDatabase"/>). test.sh installs PostgreSQL where it is missing.
/// </summary>
public sealed class PostgresInstance : IDisposable
{
    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asPostgresUser;
    private int _databases;

    public PostgresInstance()
    {
        _bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run ./test.sh, which installs it, or apt-get install postgresql postgresql-contrib.");
        _asPostgresUser = Environment.UserName == "root";
        _folder = Path.Combine(Path.GetTempPath(), "am-postgres-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        if (_asPostgresUser)
        {
            Run("chown", "postgres", _folder);
        }

        Port = FreePort();
        var data = Path.Combine(_folder, "data");
        Tool("initdb", "-D", data, "--locale=C.UTF-8", "--encoding=UTF8", "-A", "trust", "-U", "postgres", "--no-sync");

        Start();
        // Not pooled: a pooled connection opened before a Stop() would be dead afterwards, and the next
        // test class to create its database would be handed it.
        AdminConnectionString = new NpgsqlConnectionStringBuilder(ConnectionStringFor("postgres")) { Pooling = false }.ConnectionString;
    }

    public int Port { get; }

    public string AdminConnectionString { get; }

    /// <summary>A new empty database; its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = $"CREATE DATABASE {name};";
        create.ExecuteNonQuery();
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server at once (as a power cut would) and starts it again, on the same port.</summary>
    public void Stop() => Tool("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");

    /// <summary>
    /// No fsync (the machine never crashes under a test), but commits reach the write-ahead log before they are
    /// acknowledged: <see cref="Stop"/> kills the server, and an acknowledged write must survive it.
    /// </summary>
    public void Start() => Tool("pg_ctl", "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "log"), "-w", "-t", "60", "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300", "start");

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; the results stand.
        }
    }

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ConnectionString;

    private void Tool(string tool, params string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        if (_asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish in time.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output.Result}{errors.Result}");
        }
    }

    private static string? FindBin()
    {
        const string Debian = "/usr/lib/postgresql";
        return Directory.Exists(Debian)
            ? Directory.GetDirectories(Debian)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")))
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Test classes that run on the private PostgreSQL share one server (started once, stopped at the end).</summary>
[CollectionDefinition(Name)]
public sealed class UsesPostgres : ICollectionFixture<PostgresInstance>
{
    public const string Name = "PostgreSQL";
}
