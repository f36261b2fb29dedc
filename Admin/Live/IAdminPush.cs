namespace ActorMessenger.Admin.Live;

/// <summary>How the <see cref="AdminLiveActor"/> reaches this node's admin connections (the admin hub, or a test double).</summary>
public interface IAdminPush
{
    /// <summary>Sends a snapshot (<c>admin_stats</c>) to every admin connection of this node.</summary>
    Task Snapshot(object snapshot);

    /// <summary>Tells one connection its session ended (<c>session_ended</c>) before it is closed.</summary>
    Task SessionEnded(string connectionId, string reason);
}
