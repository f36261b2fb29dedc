namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// How a restart asked by an admin comes back. Under a supervisor (<c>start.sh</c>, <c>start.cmd</c>, a
/// service file that sets <see cref="SupervisedVariable"/>) the server stops and exits with
/// <see cref="ExitCode"/>, and the supervisor starts it again: a fresh process. Run directly, with
/// nobody to start it again, it builds and starts itself again inside the same process.
/// </summary>
public static class ServerRestart
{
    /// <summary>EX_TEMPFAIL of sysexits.h: "try again"; start scripts and service files restart on it.</summary>
    public const int ExitCode = 75;

    /// <summary>Set to 1 by whatever starts the server again when it exits with <see cref="ExitCode"/>.</summary>
    public const string SupervisedVariable = "ACTORMESSENGER_SUPERVISED";

    public const string ProcessMode = "process";

    public const string InProcessMode = "in_process";

    public static bool IsSupervised(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(SupervisedVariable)?.Trim() is "1" or "true" or "yes";
    }

    /// <summary>
    /// The command line of the server started again: without <c>--restore FILE</c> (the backup is in
    /// place already; restoring again would replace the data written since) and without opening a
    /// browser again.
    /// </summary>
    public static string[] ArgumentsForRestart(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var kept = new List<string>(args.Count + 1);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--restore")
            {
                i += i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
                continue;
            }

            if (args[i].StartsWith("--restore=", StringComparison.Ordinal) || args[i] is BrowserLaunch.OpenSwitch or BrowserLaunch.NoOpenSwitch)
            {
                continue;
            }

            kept.Add(args[i]);
        }

        kept.Add(BrowserLaunch.NoOpenSwitch);
        return [.. kept];
    }
}
