using System.Text.Json;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Updates;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using ActorMessenger.Persistence;
using Akka.Actor;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// The real-time gateway at <c>/hub</c>: turns client calls into actor messages. The acting user is
/// always the token's subject; a payload that names someone else is refused. Methods are grouped by
/// topic over the MessengerHub.*.cs files; every one is in docs/protocol.md.
/// </summary>
[Authorize]
public sealed partial class MessengerHub(MessengerActors actors, UserLookup users, UserConsent consent, IAttachmentStore attachments, SendGates sendGates, UserLimits limits, HubConnectionCaps caps, UpdateBoard updates, ILogger<MessengerHub> log) : Hub
{
    private int Me => MessengerClaims.UserIdOf(Context.User!);

    private string MyName => MessengerClaims.UsernameOf(Context.User!);

    public override async Task OnConnectedAsync()
    {
        // The request was let through (UseHubConnectionCaps), but connections opening at once may pass together.
        if (!caps.TryOpen(Me, Context.ConnectionId))
        {
            Context.Abort();
            return;
        }

        var user = Context.User!;
        actors.Outbox.Tell(new ConnectionOutboxActor.ConnectionOpened(new LiveConnection(
            Me, Context.ConnectionId, MessengerClaims.SessionIdOf(user) ?? string.Empty, MessengerClaims.ExpiresOf(user), Context)));
        // Not cancelled with the connection (the ask has its own time-out): a registration on the
        // connection's token stays with it for as long as it is open.
        // One ask: the user passes it on to the directory, which answers with who is online (this user included).
        var connected = await actors.AskUser<ConnectedOnline>(new Connect(Me, Context.ConnectionId, actors.Outbox, WithOnlineUsers: true));
        LogConnected(log, MyName, Me, Context.ConnectionId);
        await Clients.Caller.SendAsync(ClientEventNames.Connected, new { socketId = Context.ConnectionId, userId = Me });
        await SendOnlineUsers(connected.Online, connected.Connected.BlockedBy ?? []);
        if (!updates.Known)
        {
            // Just after a start: wait a little for the notice in force rather than miss it for this connection.
            await Task.WhenAny(updates.WhenKnown, Task.Delay(UpdateNoticeWait, Context.ConnectionAborted));
        }

        if (updates.Current is { } update)
        {
            await Clients.Caller.SendAsync(ClientEventNames.UpdateAvailable, UpdateAvailableEvent.From(update));
        }
    }

    private static readonly TimeSpan UpdateNoticeWait = TimeSpan.FromSeconds(5);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        caps.Close(Me, Context.ConnectionId);
        sendGates.Forget(Context.ConnectionId);
        actors.Outbox.Tell(new ConnectionOutboxActor.ConnectionClosed(Me, Context.ConnectionId));
        actors.Users.Tell(new Disconnect(Me, Context.ConnectionId));
        LogDisconnected(log, MyName, Me, Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>Stores a message (creating a direct chat on first use) and returns it as stored.</summary>
    [HubMethodName("send_message")]
    public Task<MessageView> SendMessage(JsonElement payload)
    {
        var request = SendRequests.Parse(payload, Me);
        var me = Me;
        limits.TakeSend(me);
        return request.Message is not { } message
            ? throw new MessengerException(ErrorCodes.InvalidRequest, "message is required.")
            : InOrder(() => PrepareSend(request.ChatId, request.RecipientId, message, me));
    }

    /// <summary>
    /// The post of a send. Without a file and with the recipient known to this node (the usual case) it
    /// is ready at once, and the call allocates no state machine for it.
    /// </summary>
    private ValueTask<(int? Peer, PostMessage Post)> PrepareSend(string? chatId, int? recipientId, HubRequests.OutgoingMessage message, int me)
    {
        var resolving = ResolveChat(chatId, recipientId, me);
        return resolving.IsCompletedSuccessfully && message.FileId is null
            ? new(Post(resolving.Result, null))
            : Prepared(resolving);

        async ValueTask<(int? Peer, PostMessage Post)> Prepared(ValueTask<(string ChatId, int? Peer)> resolving)
        {
            var resolved = await resolving;
            return Post(resolved, message.FileId is { } fileId ? await AttachmentFor(fileId, resolved.ChatId, me) : null);
        }

        (int? Peer, PostMessage Post) Post((string ChatId, int? Peer) resolved, AttachmentView? attachment) =>
            (resolved.Peer, new PostMessage(
                resolved.ChatId,
                me,
                message.Text ?? string.Empty,
                message.Type ?? (attachment is null ? MessageTypes.Text : MessageTypes.File),
                message.ClientId,
                Context.ConnectionId,
                CreateDirect: resolved.Peer is not null,
                new MessageExtras(message.ReplyTo, Attachment: attachment)));
    }

    /// <summary>
    /// Kept from the old client: presence now comes from the connection; answers with online users.
    /// Called with no argument or null, the payload is null (see <see cref="OptionalArgumentHubProtocol"/>).
    /// </summary>
    [HubMethodName("user_online")]
    public async Task<OnlineUsersEvent> UserOnline(JsonElement? payload)
    {
        if (payload is { ValueKind: not JsonValueKind.Null } body)
        {
            HubRequests.RequireCaller(body, Me);
        }

        var hidden = await consent.PresenceHiddenFrom(Me, Context.ConnectionAborted);
        return await SendOnlineUsers((await actors.AskDirectory<OnlineUsers>(new GetOnlineUsers())).Users, hidden);
    }

    /// <summary>Marks a chat read up to a sequence number; members get <c>messages_read</c>.</summary>
    [HubMethodName("mark_read")]
    public async Task<ReadMarked> MarkRead(JsonElement payload)
    {
        var request = HubRequests.Parse<HubRequests.ChatSeq>(payload, Me);
        var chatId = HubRequests.RequireChatId(request.ChatId);
        if (request.Seq is not { } seq)
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, "seq is required.");
        }

        return await actors.AskChat<ReadMarked>(new ChatProtocol.MarkRead(chatId, Me, seq));
    }

    /// <summary>
    /// Posts from one connection reach their chats in the order they were sent, although a
    /// connection may have several calls in flight: everything up to handing the post to its chat
    /// runs one call at a time per connection; waiting for the chat's answer does not.
    /// Then answers the caller with <c>message_sent</c>, in the same order: each send's event waits
    /// for the one before it (whose chat may answer later), and logs the old server's line.
    /// </summary>
    private async Task<MessageView> InOrder(Func<ValueTask<(int? Peer, PostMessage Post)>> prepare)
    {
        var lane = sendGates.For(Context.ConnectionId, Context.ConnectionAborted);
        await lane.Gate.WaitAsync(Context.ConnectionAborted);
        Task<MessageAccepted> asked;
        SendLane.Turn turn;
        int? peer;
        try
        {
            (peer, var post) = await prepare();
            asked = actors.AskChat<MessageAccepted>(post);
            turn = lane.TakeTurn();
        }
        finally
        {
            lane.Gate.Release();
        }

        MessageAccepted accepted;
        try
        {
            accepted = await asked;
            await turn.Previous;
            var view = accepted.Message;
            await Clients.Caller.SendAsync(ClientEventNames.MessageSent, new ChatUpdate(view.ChatId, accepted.UpdateSeq ?? 0, UpdateTypes.NewMessage, view));
        }
        finally
        {
            turn.Done();
        }

        // The peer's name is looked up only for a log line that will be written.
        if (!accepted.Duplicate && log.IsEnabled(LogLevel.Information))
        {
            LogMessageSent(log, MyName, peer is { } p ? await users.NameOf(p) : accepted.Message.ChatId, accepted.Message.ChatId, accepted.Message.Seq);
        }

        return accepted.Message;
    }

    /// <summary>
    /// A direct chat comes from recipientId, or from a chatId of the form dm-A-B; either way the
    /// other member must exist. Any other chatId goes to its chat as it is.
    /// </summary>
    private ValueTask<(string ChatId, int? Peer)> ResolveChat(string? chatId, int? recipientId, int me)
    {
        var peer = recipientId;
        if (chatId is not null)
        {
            HubRequests.RequireChatId(chatId);
            if (ChatIds.TryParseDirect(chatId, out var low, out var high))
            {
                if (me != low && me != high)
                {
                    throw new MessengerException(ErrorCodes.NotMember, "You are not a member of this chat.");
                }

                var other = me == low ? high : low;
                if (peer is { } given && given != other)
                {
                    throw new MessengerException(ErrorCodes.InvalidRequest, "recipientId does not match chatId.");
                }

                peer = other;
            }
            else if (peer is not null)
            {
                throw new MessengerException(ErrorCodes.InvalidRequest, "recipientId applies to direct chats only.");
            }
        }

        if (peer is not { } recipient)
        {
            return chatId is null
                ? throw new MessengerException(ErrorCodes.InvalidRequest, "chatId or recipientId is required.")
                : new((chatId, null));
        }

        if (recipient <= 0)
        {
            throw UnknownUser(recipient);
        }

        // Users this node knows are answered from its cache: then nothing here waits.
        var finding = users.Find(recipient);
        return finding.IsCompletedSuccessfully
            ? new(Direct(finding.Result))
            : Found(finding);

        async ValueTask<(string ChatId, int? Peer)> Found(ValueTask<UserAccount?> finding) => Direct(await finding);

        (string ChatId, int? Peer) Direct(UserAccount? account) =>
            account is null ? throw UnknownUser(recipient) : (ChatIds.Direct(me, recipient), recipient);
    }

    private static MessengerException UnknownUser(int userId) => new(ErrorCodes.UnknownUser, $"There is no user {userId}.");

    /// <summary>An uploaded file may go only into the chat it was uploaded to, by its uploader.</summary>
    private async Task<AttachmentView> AttachmentFor(string fileId, string chatId, int me)
    {
        var stored = await attachments.FindAsync(fileId);
        return stored is null || stored.UploaderId != me || stored.ChatId != chatId
            ? throw new MessengerException(ErrorCodes.InvalidAttachment, "fileId is not a file you uploaded to this chat.")
            : stored.View;
    }

    /// <summary>Everyone online but those who block the caller (Telegram hides a blocker's presence too).</summary>
    private async Task<OnlineUsersEvent> SendOnlineUsers(IReadOnlyList<int> online, IReadOnlyCollection<int> hidden)
    {
        var evt = new OnlineUsersEvent(hidden.Count == 0 ? online : [.. online.Where(u => !hidden.Contains(u))]);
        await Clients.Caller.SendAsync(ClientEventNames.OnlineUsers, evt);
        return evt;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client connected: {Username} (user {UserId}, connection {ConnectionId})")]
    private static partial void LogConnected(ILogger logger, string username, int userId, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client disconnected: {Username} (user {UserId}, connection {ConnectionId})")]
    private static partial void LogDisconnected(ILogger logger, string username, int userId, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message sent: {From} -> {To} ({ChatId} #{Seq})")]
    private static partial void LogMessageSent(ILogger logger, string from, string to, string chatId, long seq);
}
