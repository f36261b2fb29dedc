namespace ActorMessenger.Actors.Protocol;

/// <summary>A client update announced by an admin (the old server's fields: version, changelog, download_url, mandatory).</summary>
public sealed record UpdateNotice(string Version, string? Changelog, string? DownloadUrl, bool Mandatory, int PushedBy, DateTimeOffset PushedAt);

/// <summary>One admin action as the audit log keeps it: who, what, on what, when.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, int AdminId, string AdminName, string Action, string? Target, string? Details);

/// <summary>Commands of the update-notice and audit-log singletons (the admin back end).</summary>
public static class AdminProtocol
{
    public sealed record PushUpdate(UpdateNotice Notice);

    public sealed record CancelUpdate(int AdminId, DateTimeOffset At);

    public sealed record GetUpdate;

    /// <summary>Reply to the three above: the notice in force now, if any.</summary>
    public sealed record CurrentUpdate(UpdateNotice? Notice);

    /// <summary>Records an admin action; answered with the stored <see cref="AuditEntry"/> once it is on disk.</summary>
    public sealed record RecordAction(DateTimeOffset At, int AdminId, string AdminName, string Action, string? Target, string? Details);

    /// <summary>Up to <paramref name="Limit"/> entries older than <paramref name="BeforeId"/> (newest first).</summary>
    public sealed record GetAudit(long? BeforeId, int Limit);

    public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, bool HasMore);

    /// <summary>The topic every node's update board follows: the notice in force, after each change.</summary>
    public const string UpdateTopic = "update-notices";

    /// <summary>Published on <see cref="UpdateTopic"/>.</summary>
    public sealed record UpdateChanged(UpdateNotice? Notice);
}

/// <summary>Events and snapshots of the admin singletons.</summary>
public static class AdminEvents
{
    public sealed record UpdatePushed(UpdateNotice Notice) : IPersisted;

    public sealed record UpdateCancelled(int By, DateTimeOffset At) : IPersisted;

    public sealed record ActionAudited(AuditEntry Entry) : IPersisted;

    /// <summary>The newest entries; older ones leave the log (<c>messenger.admin.audit-entries-kept</c>).</summary>
    public sealed record AuditSnapshot(IReadOnlyList<AuditEntry> Entries, long NextId) : IPersisted;
}

/// <summary>An event for every connection of every node (update notices).</summary>
public sealed record BroadcastToAll(ClientEvent Event);
