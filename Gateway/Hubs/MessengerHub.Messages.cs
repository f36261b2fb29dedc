using System.Text.Json;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Akka;
using Microsoft.AspNetCore.SignalR;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>Hub methods on existing messages: edit, delete, react, pin, forward; typing; reconnect sync.</summary>
public sealed partial class MessengerHub
{
    [HubMethodName("edit_message")]
    public async Task<ChatUpdate> EditMessage(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.EditMessage>(payload, Me);
        var updated = await actors.AskChat<Updated>(new ChatProtocol.EditMessage(HubRequests.RequireChatId(r.ChatId), Me, HubRequests.RequireSeq(r.Seq), r.Text ?? string.Empty));
        return updated.Update;
    }

    [HubMethodName("delete_message")]
    public async Task<ChatUpdate> DeleteMessage(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.ChatSeq>(payload, Me);
        var updated = await actors.AskChat<Updated>(new ChatProtocol.DeleteMessage(HubRequests.RequireChatId(r.ChatId), Me, HubRequests.RequireSeq(r.Seq)));
        return updated.Update;
    }

    /// <summary>Adds the emoji to your reactions on the message, or takes it back if it was there.</summary>
    [HubMethodName("react")]
    public async Task<ChatUpdate> React(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.React>(payload, Me);
        var updated = await actors.AskChat<Updated>(new ToggleReaction(HubRequests.RequireChatId(r.ChatId), Me, HubRequests.RequireSeq(r.Seq), r.Emoji ?? string.Empty));
        return updated.Update;
    }

    [HubMethodName("pin_message")]
    public Task<ChatUpdate> PinMessage(JsonElement payload) => SetPinned(payload, pinned: true);

    [HubMethodName("unpin_message")]
    public Task<ChatUpdate> UnpinMessage(JsonElement payload) => SetPinned(payload, pinned: false);

    /// <summary>Copies a message you can read into another chat, keeping who wrote it and where.</summary>
    [HubMethodName("forward_message")]
    public async Task<MessageView> ForwardMessage(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.Forward>(payload, Me);
        var me = Me;
        limits.TakeSend(me);
        return await InOrder(async () =>
        {
            var source = await actors.AskChat<MessageFound>(new GetMessage(HubRequests.RequireChatId(r.FromChatId), me, HubRequests.RequireSeq(r.Seq)));
            var original = source.Message;
            if (original.Deleted)
            {
                throw new MessengerException(ErrorCodes.MessageDeleted, "A deleted message cannot be forwarded.");
            }

            if (original.System is not null)
            {
                throw new MessengerException(ErrorCodes.InvalidRequest, "A system message cannot be forwarded.");
            }

            // Forwarding a forward credits the first author, as people expect.
            var origin = original.Forward ?? new ForwardInfo(original.ChatId, original.Seq, original.SenderId, original.CreatedAt);
            var (chatId, peer) = await ResolveChat(r.ChatId, r.RecipientId, me);
            if (original.Attachment is { } file)
            {
                // Before the post, so the target's members may open the file as soon as they see the
                // message; only into a chat of the forwarder's own (the post checks the rest).
                await actors.AskChat<IsMember>(new CheckCanPost(chatId, me));
                await attachments.GrantAsync(file.Id, chatId);
            }

            return (peer, new PostMessage(
                chatId,
                me,
                original.Text,
                original.Type,
                r.ClientId,
                Context.ConnectionId,
                CreateDirect: peer is not null,
                new MessageExtras(Forward: origin, Attachment: original.Attachment)));
        });
    }

    /// <summary>Tells the chat's other members you are typing; not stored, and throttled per chat.</summary>
    [HubMethodName("typing")]
    public async Task Typing(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.ChatOnly>(payload, Me);
        await actors.AskChat<Done>(new ChatProtocol.Typing(HubRequests.RequireChatId(r.ChatId), Me));
    }

    /// <summary>
    /// Catch-up after being offline: for each of your chats, every update after the cursor you give
    /// (0 or absent for a chat you do not know yet), in order, each with its message as it is now.
    /// </summary>
    [HubMethodName("sync")]
    public async Task<object> Sync(JsonElement payload)
    {
        var r = HubRequests.Parse<HubRequests.Sync>(payload, Me);
        var me = Me;
        var cursors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in r.Chats ?? [])
        {
            cursors[HubRequests.RequireChatId(c.ChatId)] = Math.Max(0, c.UpdateSeq ?? 0);
        }

        var mine = await actors.AskUser<UserChats>(new GetChats(me));
        var limit = r.Limit ?? 100;
        var pages = await actors.AskEachChat<UpdatesPage>(mine.ChatIds, id => new GetUpdates(id, me, cursors.GetValueOrDefault(id), limit));

        var current = mine.ChatIds.ToHashSet(StringComparer.Ordinal);
        return new
        {
            chats = pages.Where(p => p.Updates.Count > 0 || !cursors.ContainsKey(p.ChatId) || cursors[p.ChatId] != p.LastUpdateSeq),
            removed = cursors.Keys.Where(id => !current.Contains(id)).ToList(),
        };
    }

    private async Task<ChatUpdate> SetPinned(JsonElement payload, bool pinned)
    {
        var r = HubRequests.Parse<HubRequests.ChatSeq>(payload, Me);
        var updated = await actors.AskChat<Updated>(new Pin(HubRequests.RequireChatId(r.ChatId), Me, HubRequests.RequireSeq(r.Seq), pinned));
        return updated.Update;
    }
}
