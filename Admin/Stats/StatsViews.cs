using static ActorMessenger.Admin.Stats.StatsProtocol;

namespace ActorMessenger.Admin.Stats;

/// <summary>
/// The JSON shapes of a <see cref="StatsReport"/>: <c>GET /admin/stats</c>, <c>GET /admin/live</c>, and
/// the admin hub's <c>admin_stats</c> event, which carries both (one shape, so the panel reads them alike).
/// </summary>
public static class StatsViews
{
    /// <summary>How long this process has been running.</summary>
    public static double UptimeSeconds()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (DateTime.UtcNow - process.StartTime.ToUniversalTime()).TotalSeconds;
    }

    public static object Stats(StatsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var hour = r.MessagesPerMinute.Count - 60;
        return new
        {
            // The old panel's fields, as it named them.
            users_count = r.Users,
            messages_count = r.Messages,
            channels_count = r.Channels,
            recent_users = r.RecentUsers.Select(u => new { id = u.Id, username = u.Username, full_name = u.FullName, created_at = u.CreatedAt }),
            recent_messages = r.RecentMessages.Take(10).Select(m => new
            {
                id = m.Id,
                chat_id = m.ChatId,
                sender_id = m.SenderId,
                text = m.Text,
                type = m.Type,
                timestamp = m.CreatedAt,
            }),
            at = r.At,
            users = r.Users,
            messages = r.Messages,
            directChats = r.DirectChats,
            groups = r.Groups,
            channels = r.Channels,
            attachments = r.Attachments,
            attachmentBytes = r.AttachmentBytes,
            onlineUsers = r.OnlineUsers,
            connections = r.Connections,
            databases = r.Databases.Select(d => new { name = d.Name, bytes = d.Bytes }),
            databaseBytes = r.Databases.Sum(d => d.Bytes),
            uptimeSeconds = UptimeSeconds(),
            messagesLastHour = r.MessagesPerMinute.Skip(hour).Sum(),
            messagesLastDay = r.MessagesPerMinute.Sum(),
            series = new
            {
                firstMinute = DateTimeOffset.FromUnixTimeSeconds(r.MinuteOfFirstSample * 60),
                messagesPerMinute = r.MessagesPerMinute,
                onlinePerMinute = r.OnlinePerMinute,
            },
            nodes = r.Nodes.Count,
            nodesAsked = r.NodesAsked,
        };
    }

    public static object Live(StatsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new
        {
            at = r.At,
            nodes = r.Nodes.Select(n => new
            {
                node = n.Node,
                connections = n.Connections,
                connectedUsers = n.ConnectedUsers,
                busiestChats = n.Busiest,
                mailboxes = n.Mailboxes,
                journal = n.Journal,
            }),
            nodesAsked = r.NodesAsked,
        };
    }
}
