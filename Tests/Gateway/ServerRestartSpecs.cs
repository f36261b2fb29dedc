using ActorMessenger.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class ServerRestartSpecs
{
    private static Func<string, string?> Env(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(s => s.Name == name).Value;

    [Fact]
    public void A_restart_drops_the_restore_and_never_opens_the_browser_again()
    {
        Assert.Equal(
            ["--port", "5000", "--data-dir", "d", "--no-browser"],
            ServerRestart.ArgumentsForRestart(["--open-browser", "--port", "5000", "--restore", "b.zip", "--data-dir", "d"]));
        Assert.Equal(["--port", "1", "--no-browser"], ServerRestart.ArgumentsForRestart(["--restore=b.zip", "--port", "1"]));
        Assert.Equal(["--no-browser"], ServerRestart.ArgumentsForRestart(["--no-browser"]));
    }

    [Fact]
    public void Only_a_supervisor_that_says_so_gets_the_restart_exit_code()
    {
        Assert.True(ServerRestart.IsSupervised(Env(("ACTORMESSENGER_SUPERVISED", "1"))));
        Assert.True(ServerRestart.IsSupervised(Env(("ACTORMESSENGER_SUPERVISED", "true"))));
        Assert.False(ServerRestart.IsSupervised(Env(("ACTORMESSENGER_SUPERVISED", "0"))));
        Assert.False(ServerRestart.IsSupervised(Env()));
    }

    [Fact]
    public void The_panel_opens_only_when_asked_on_a_desktop_session()
    {
        var desktop = Env(("DISPLAY", ":0"));
        Assert.Null(BrowserLaunch.ReasonNotToOpen(true, desktop, isWindows: false, isMacOs: false));
        Assert.Null(BrowserLaunch.ReasonNotToOpen(true, Env(("WAYLAND_DISPLAY", "wayland-0")), isWindows: false, isMacOs: false));
        Assert.Null(BrowserLaunch.ReasonNotToOpen(true, Env(), isWindows: true, isMacOs: false));
        Assert.Null(BrowserLaunch.ReasonNotToOpen(true, Env(), isWindows: false, isMacOs: true));

        Assert.Contains("not asked", BrowserLaunch.ReasonNotToOpen(false, desktop, isWindows: false, isMacOs: false), StringComparison.Ordinal);
        Assert.Contains("CI", BrowserLaunch.ReasonNotToOpen(true, Env(("DISPLAY", ":0"), ("CI", "true")), isWindows: false, isMacOs: false), StringComparison.Ordinal);
        Assert.Contains("CI", BrowserLaunch.ReasonNotToOpen(true, Env(("CI", "1")), isWindows: true, isMacOs: false), StringComparison.Ordinal);
        Assert.Contains("SSH", BrowserLaunch.ReasonNotToOpen(true, Env(("DISPLAY", ":0"), ("SSH_CONNECTION", "10.0.0.2 5 10.0.0.1 22")), isWindows: false, isMacOs: false), StringComparison.Ordinal);
        Assert.Contains("SSH", BrowserLaunch.ReasonNotToOpen(true, Env(("SSH_TTY", "/dev/pts/1")), isWindows: false, isMacOs: true), StringComparison.Ordinal);
        Assert.Contains("display", BrowserLaunch.ReasonNotToOpen(true, Env(), isWindows: false, isMacOs: false), StringComparison.Ordinal);
    }

    [Fact]
    public void The_browser_switches_leave_the_command_line_and_the_last_one_wins()
    {
        var (rest, asked) = BrowserLaunch.TakeSwitches(["--open-browser", "--port", "5000", "--no-browser"]);
        Assert.Equal(["--port", "5000"], rest);
        Assert.False(asked);
        Assert.True(BrowserLaunch.TakeSwitches(["--open-browser", "--host", "0.0.0.0"]).Asked);
        Assert.False(BrowserLaunch.TakeSwitches(["--port", "5000"]).Asked);
    }

    [Fact]
    public void The_urls_printed_and_opened_are_ones_a_browser_on_this_machine_reaches()
    {
        Assert.Equal("http://127.0.0.1:5000/admin", BrowserLaunch.LocalUrl("http://0.0.0.0:5000", "/admin"));
        Assert.Equal("http://[::1]:5000/", BrowserLaunch.LocalUrl("http://[::]:5000", "/"));
        Assert.Equal("http://192.168.1.5:8080/admin", BrowserLaunch.LocalUrl("http://192.168.1.5:8080", "/admin"));
        Assert.Equal("http://localhost:5000/admin", BrowserLaunch.LocalUrl("http://+:5000", "/admin"));
    }

    [Theory]
    [InlineData("GET", "/hub/negotiate", true)]
    [InlineData("POST", "/hub/negotiate", true)]
    [InlineData("POST", "/api/files", true)]
    [InlineData("DELETE", "/admin/backups/x", true)]
    [InlineData("GET", "/api/messages/dm-2-3", false)]
    [InlineData("GET", "/admin/server/status", false)]
    [InlineData("HEAD", "/", false)]
    public void While_stopping_new_connections_and_writes_are_refused_and_reads_served(string method, string path, bool refused)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        Assert.Equal(refused, StoppingRefusal.Refused(http.Request));
    }
}
