using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// A Linux network namespace joined to this machine by two virtual cables (veth pairs): a process started
/// in it is another machine on two networks, the cluster network (the other nodes' cluster ports) and the
/// service network (the database, and the test reaching its web port). Either cable can be pulled and put
/// back, which partitions the machine for real: nothing reaches it, it reaches nothing, on that network.
/// Nothing outside the namespace and its two cables changes; disposing deletes both, and a namespace left
/// by a test process that died is deleted by the next one. Needs root (the tests run as root).
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private const string Prefix = "am-part-";
    private readonly string _tag;

    private NetworkNamespace(string name, string tag, string subnet)
    {
        Name = name;
        _tag = tag;
        HostClusterAddress = subnet + "1";
        ClusterAddress = subnet + "2";
        HostServiceAddress = subnet + "5";
        ServiceAddress = subnet + "6";
    }

    public string Name { get; }

    /// <summary>This machine's end of the cluster network: the other nodes' cluster ports listen here.</summary>
    public string HostClusterAddress { get; }

    /// <summary>The namespace's end of the cluster network: its node's cluster port.</summary>
    public string ClusterAddress { get; }

    /// <summary>This machine's end of the service network: what the namespace reaches the database through.</summary>
    public string HostServiceAddress { get; }

    /// <summary>The namespace's end of the service network: its node's web port.</summary>
    public string ServiceAddress { get; }

    private string ClusterCable => $"am{_tag}c";

    private string ServiceCable => $"am{_tag}s";

    public static NetworkNamespace Create()
    {
        DeleteAbandoned();
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var name = $"{Prefix}{Environment.ProcessId}-{tag}";
        var created = new NetworkNamespace(name, tag, FreeSubnet());
        try
        {
            created.Build();
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>The command prefix that runs a program inside the namespace (<c>ip netns exec</c> execs it: same process id).</summary>
    public string[] Exec(params string[] command) => ["netns", "exec", Name, .. command];

    /// <summary>Pulls the cluster cable: the namespace and the other nodes no longer reach each other's cluster ports.</summary>
    public void CutCluster() => InNamespace("link", "set", ClusterCable + "1", "down");

    /// <summary>Pulls both cables: the namespace reaches nothing, not even the database.</summary>
    public void CutAll()
    {
        CutCluster();
        InNamespace("link", "set", ServiceCable + "1", "down");
    }

    /// <summary>Puts both cables back (their routes come back with them).</summary>
    public void Heal()
    {
        foreach (var cable in new[] { ClusterCable, ServiceCable })
        {
            InNamespace("link", "set", cable + "1", "up");
        }
    }

    public void Dispose()
    {
        // Deleting the namespace deletes the cables' ends inside it, and with them their pairs here.
        TryIp("netns", "del", Name);
        TryIp("link", "del", ClusterCable + "0");
        TryIp("link", "del", ServiceCable + "0");
    }

    private void Build()
    {
        Ip("netns", "add", Name);
        InNamespace("link", "set", "lo", "up");
        foreach (var (cable, host, inside) in new[] { (ClusterCable, HostClusterAddress, ClusterAddress), (ServiceCable, HostServiceAddress, ServiceAddress) })
        {
            Ip("link", "add", cable + "0", "type", "veth", "peer", "name", cable + "1");
            Ip("link", "set", cable + "1", "netns", Name);
            Ip("addr", "add", host + "/30", "dev", cable + "0");
            Ip("link", "set", cable + "0", "up");
            InNamespace("addr", "add", inside + "/30", "dev", cable + "1");
            InNamespace("link", "set", cable + "1", "up");
        }
    }

    private void InNamespace(params string[] arguments) => Ip(["-n", Name, .. arguments]);

    /// <summary>Namespaces of test processes that are gone (killed before they could clean up).</summary>
    private static void DeleteAbandoned()
    {
        foreach (var line in Ip("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(name[Prefix.Length..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && !Directory.Exists($"/proc/{pid}"))
            {
                TryIp("netns", "del", name);
            }
        }
    }

    /// <summary>A 10.x.y.0/29 no interface of this machine has an address or route in.</summary>
    private static string FreeSubnet()
    {
        var taken = Ip("-4", "addr") + Ip("-4", "route");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var subnet = $"10.{RandomNumberGenerator.GetInt32(200, 250)}.{RandomNumberGenerator.GetInt32(0, 256)}.";
            if (!taken.Contains(subnet, StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("No free 10.x.y.0/29 for a test network namespace.");
    }

    private static void TryIp(params string[] arguments)
    {
        try
        {
            Ip(arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} did not finish.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Result}");
        }

        return output.Result;
    }
}
