using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.Release;

/// <summary>
/// The Linux x64 release archive as a person gets it: built by <c>release.sh</c>, unpacked into an
/// empty folder and started with no <c>dotnet</c> anywhere on the PATH.
/// It runs alone: a publish takes both cores for minutes, and servers started meanwhile by other
/// tests would miss their start-up deadlines.
/// </summary>
[Collection(ReleaseRunsAlone.Name)]
public sealed class ReleaseArchiveTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public static string RepositoryRoot => Path.GetDirectoryName(GatewayProcess.StartScript)!;

    [Fact]
    public async Task The_linux_archive_starts_without_dotnet_serves_the_messenger_and_the_panel_and_a_demo_user_sends_a_message()
    {
        using var work = new TempDirectory();
        var dist = Path.Combine(work.Path, "dist");
        var (built, log) = await GatewayProcess.RunToExit("/bin/bash", [Path.Combine(RepositoryRoot, "release.sh"), "--rid", "linux-x64", "--out", dist], TimeSpan.FromMinutes(20));
        output.WriteLine(log);
        Assert.Equal(0, built);
        var name = $"ActorMessenger-{ServerVersion.Current}-linux-x64";
        var archive = Path.Combine(dist, name + ".tar.gz");
        Assert.Matches($@"{name}\.tar\.gz +[0-9]+ MB", log);

        var unpacked = Path.Combine(work.Path, "unpacked");
        Directory.CreateDirectory(unpacked);
        Assert.Equal(0, (await GatewayProcess.RunToExit("/bin/tar", ["-xzf", archive, "-C", unpacked], Deadline)).ExitCode);
        var folder = Path.Combine(unpacked, name);
        foreach (var file in new[] { "start.sh", "service.sh", "README.md", "LICENSE", "docs/operations.md", "server/ActorMessenger.Gateway", "server/wwwroot/index.html", "server/wwwroot/admin.html", "server/HOCON/messenger.hocon", "server/appsettings.json" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is missing from the archive");
        }

        var environment = WithoutDotnet(work.Path);
        Assert.NotEqual(0, (await GatewayProcess.RunToExit("/bin/bash", ["-c", "command -v dotnet"], Deadline, environment)).ExitCode);
        var (versionCode, version) = await GatewayProcess.RunToExit("/bin/bash", [Path.Combine(folder, "start.sh"), "--version"], Deadline, environment, folder);
        Assert.Equal(0, versionCode);
        Assert.Equal(ServerVersion.Line, version.Trim());

        // Started from its own folder, as a double click does: the data goes into ./data there.
        var port = GatewayProcess.FreePort();
        await using var server = await GatewayProcess.Start(
            "/bin/bash", [Path.Combine(folder, "start.sh"), "--port", port.ToString(CultureInfo.InvariantCulture), "--no-browser", .. TestLimits.OutOfTheWay], port, environment, folder);
        using var http = MessengerClient.Anonymous(server.Address);
        Assert.Contains("<html", await http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html", await http.GetStringAsync(new Uri("/admin", UriKind.Relative)), StringComparison.OrdinalIgnoreCase);

        var (user2Id, user2Token) = await MessengerClient.LoginAsync(server.Address, "user2", "123456");
        await using var user2 = await MessengerClient.ConnectAsync(server.Address, user2Id, user2Token);
        await using var user1 = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        var ack = await user1.SendText(user2Id, "from the release archive");
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        var received = await user2.Next("new_message", m => m.GetProperty("message").GetProperty("text").GetString() == "from the release archive");
        Assert.Equal(1, received.GetProperty("message").GetProperty("seq").GetInt64());
        Assert.True(File.Exists(Path.Combine(folder, "data", "messenger.db")), "the data is not beside the start script");

        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExit(Deadline));
        output.WriteLine(server.Output);
        Assert.Contains($"Messenger:   http://127.0.0.1:{port}/", server.Output, StringComparison.Ordinal);

        await The_service_unit_for_the_unpacked_server_passes_systemds_check(folder, work.Path);
    }

    /// <summary>What <c>start.sh --install-service</c> would install, pointed at the unpacked server (nothing is installed).</summary>
    private async Task The_service_unit_for_the_unpacked_server_passes_systemds_check(string folder, string work)
    {
        var environment = new Dictionary<string, string> { ["ACTORMESSENGER_PREFIX"] = folder };
        var (code, unit) = await GatewayProcess.RunToExit("/bin/bash", [Path.Combine(folder, "start.sh"), "--print-service", "--host", "0.0.0.0"], Deadline, environment);
        Assert.Equal(0, code);
        output.WriteLine(unit);
        Assert.Contains($"ExecStart=\"{folder}/server/ActorMessenger.Gateway\" \"--data-dir\" \"/var/lib/actormessenger\" \"--no-browser\" \"--host\" \"0.0.0.0\"", unit, StringComparison.Ordinal);
        Assert.Contains("Environment=ACTORMESSENGER_SUPERVISED=1", unit, StringComparison.Ordinal);
        Assert.Contains("Environment=MALLOC_ARENA_MAX=2", unit, StringComparison.Ordinal);
        Assert.Contains("Restart=on-failure", unit, StringComparison.Ordinal);
        Assert.Contains("RestartPreventExitStatus=2 3", unit, StringComparison.Ordinal);
        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);

        var file = Path.Combine(work, "actormessenger.service");
        await File.WriteAllTextAsync(file, unit + "\n");
        var (verified, said) = await GatewayProcess.RunToExit("systemd-analyze", ["verify", file], Deadline);
        Assert.True(verified == 0, said);
        Assert.DoesNotContain("actormessenger.service", said, StringComparison.Ordinal);
    }

    /// <summary>
    /// The other four systems cannot be started here, but their releases must build: each is published
    /// self-contained by <c>release.sh --no-archive</c> (one after another: the publishes share the
    /// Gateway's obj folder) and laid out with its own executable, runtime and start script.
    /// </summary>
    [Fact]
    public async Task The_windows_linux_arm64_and_both_macos_releases_build_with_their_runtime_and_start_scripts()
    {
        using var work = new TempDirectory();
        (string Rid, string Executable, string Runtime, string[] Scripts)[] systems =
        [
            ("win-x64", "ActorMessenger.Gateway.exe", "coreclr.dll", ["start.cmd"]),
            ("linux-arm64", "ActorMessenger.Gateway", "libcoreclr.so", ["start.sh", "service.sh"]),
            ("osx-arm64", "ActorMessenger.Gateway", "libcoreclr.dylib", ["start.sh", "service.sh", "start.command"]),
            ("osx-x64", "ActorMessenger.Gateway", "libcoreclr.dylib", ["start.sh", "service.sh", "start.command"]),
        ];
        string[] arguments = [Path.Combine(RepositoryRoot, "release.sh"), "--no-archive", "--out", work.Path, .. systems.SelectMany(s => new[] { "--rid", s.Rid })];
        var (built, log) = await GatewayProcess.RunToExit("/bin/bash", arguments, TimeSpan.FromMinutes(30));
        output.WriteLine(log);
        Assert.Equal(0, built);
        foreach (var (rid, executable, runtime, scripts) in systems)
        {
            var folder = Path.Combine(work.Path, "stage", $"ActorMessenger-{ServerVersion.Current}-{rid}");
            Assert.True(File.Exists(Path.Combine(folder, "server", executable)), $"{rid}: no {executable}");
            Assert.True(File.Exists(Path.Combine(folder, "server", runtime)), $"{rid}: no {runtime}");
            Assert.True(File.Exists(Path.Combine(folder, "server", "wwwroot", "index.html")), $"{rid}: no web client");
            Assert.All(scripts.Concat(["README.md", "LICENSE"]), f => Assert.True(File.Exists(Path.Combine(folder, f)), $"{rid}: no {f}"));
        }
    }

    [Fact]
    public async Task The_macos_launchd_plist_restarts_on_failure_and_on_a_restart_exit_and_names_the_data_folder()
    {
        var environment = new Dictionary<string, string> { ["ACTORMESSENGER_SERVICE_SYSTEM"] = "Darwin" };
        var (code, text) = await GatewayProcess.RunToExit("/bin/bash", [Path.Combine(RepositoryRoot, "service.sh"), "--print-service", "--port", "5000"], Deadline, environment);
        Assert.Equal(0, code);
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var plist = XDocument.Load(reader).Root!.Element("dict")!;
        string? After(string key) => plist.Elements("key").FirstOrDefault(k => k.Value == key)?.ElementsAfterSelf().First().ToString(SaveOptions.DisableFormatting);
        Assert.Equal("<string>org.actormessenger.server</string>", After("Label"));
        Assert.Equal("<true />", After("RunAtLoad"));
        Assert.Equal("<dict><key>SuccessfulExit</key><false /></dict>", After("KeepAlive"));
        Assert.Equal("<dict><key>ACTORMESSENGER_SUPERVISED</key><string>1</string></dict>", After("EnvironmentVariables"));
        var arguments = plist.Elements("key").First(k => k.Value == "ProgramArguments").ElementsAfterSelf().First().Elements("string").Select(s => s.Value).ToArray();
        Assert.Equal(["/usr/local/actormessenger/server/ActorMessenger.Gateway", "--data-dir", "/Library/Application Support/ActorMessenger", "--no-browser", "--port", "5000"], arguments);
    }

    /// <summary>An environment whose PATH holds every usual command except <c>dotnet</c> (links in a folder of their own).</summary>
    private static Dictionary<string, string> WithoutDotnet(string work)
    {
        var bin = Path.Combine(work, "bin-without-dotnet");
        Directory.CreateDirectory(bin);
        foreach (var folder in new[] { "/usr/local/bin", "/usr/bin", "/bin" })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var command in Directory.EnumerateFileSystemEntries(folder))
            {
                var link = Path.Combine(bin, Path.GetFileName(command));
                if (Path.GetFileName(command) != "dotnet" && !Path.Exists(link))
                {
                    File.CreateSymbolicLink(link, command);
                }
            }
        }

        return new Dictionary<string, string> { ["PATH"] = bin, ["DOTNET_ROOT"] = string.Empty, ["ACTORMESSENGER_DLL"] = string.Empty };
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReleaseRunsAlone
{
    public const string Name = "release archive";
}
