using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin.Stats;
using ActorMessenger.Persistence;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>
/// Clearing messages (the old <c>POST /admin/clear-messages</c>, and one chat at a time): the history
/// really leaves storage, while users, chats, memberships and invites stay. Each chat clears itself
/// in its own mailbox order and answers once its read model has forgotten the messages; then the
/// journal and snapshots are redacted and the databases rebuilt, so the files shrink before the answer.
/// </summary>
public static class HistoryEndpoints
{
    /// <summary>What the body must say to clear every chat: <c>{ "confirm": "clear-all-messages" }</c>.</summary>
    public const string ConfirmAll = "clear-all-messages";

    /// <summary>What the body must say to clear one chat: <c>{ "confirm": "clear-chat" }</c>.</summary>
    public const string ConfirmChat = "clear-chat";

    // Chats cleared at once: each wakes its chat actor and writes one event.
    private const int Parallel = 4;

    public sealed record ClearRequest(string? Confirm);

    public static RouteGroupBuilder MapHistoryEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapPost("/clear-messages", ClearAll);
        admin.MapPost("/chats/{chatId}/clear", ClearOne);
        return admin;
    }

    private static async Task<IResult> ClearAll(ClearRequest? body, AdminContext ctx, IJournalRedactor storage, IRequiredActor<StatsKey> stats)
    {
        Confirmed(body, ConfirmAll);

        // Not tied to the request: an admin who closes the page does not leave the work half done.
        var chatIds = await storage.ChatIdsAsync(CancellationToken.None);
        var cleared = new List<HistoryClearedReply>();
        await System.Threading.Tasks.Parallel.ForEachAsync(
            chatIds,
            new ParallelOptions { MaxDegreeOfParallelism = Parallel },
            async (chatId, _) =>
            {
                try
                {
                    var reply = await ctx.Chats.AskFor<HistoryClearedReply>(new ClearHistory(chatId, ctx.AdminId), AdminContext.AskTimeout, CancellationToken.None);
                    lock (cleared)
                    {
                        cleared.Add(reply);
                    }
                }
                catch (MessengerException ex) when (ex.Code == ErrorCodes.UnknownChat)
                {
                    // A direct chat whose first message was refused: nothing to clear.
                }
            });

        var (messages, compacted) = await Finish(cleared, storage, stats);
        await ctx.Audit(AuditActions.MessagesCleared, "all", $"{cleared.Count(c => c.Messages > 0)} chats, {messages} messages");
        return Results.Ok(new
        {
            success = true,
            message = "All messages cleared",
            chats = cleared.Count(c => c.Messages > 0),
            messages,
            compacted,
        });
    }

    private static async Task<IResult> ClearOne(string chatId, ClearRequest? body, AdminContext ctx, IJournalRedactor storage, IRequiredActor<StatsKey> stats)
    {
        if (!ChatIds.IsWellFormed(chatId))
        {
            throw new MessengerException(ErrorCodes.InvalidChatId, "Not a chat id.");
        }

        Confirmed(body, ConfirmChat);
        var reply = await ctx.Chats.AskFor<HistoryClearedReply>(new ClearHistory(chatId, ctx.AdminId), AdminContext.AskTimeout, CancellationToken.None);
        var (messages, compacted) = await Finish([reply], storage, stats);
        await ctx.Audit(AuditActions.ChatCleared, chatId, $"{messages} messages");
        return Results.Ok(new { success = true, chatId, clearedUpToSeq = reply.UpToSeq, messages, compacted });
    }

    private static void Confirmed(ClearRequest? body, string expected)
    {
        if (body?.Confirm != expected)
        {
            throw new MessengerException(ErrorCodes.ConfirmationRequired, $"Nothing was cleared: send {{ \"confirm\": \"{expected}\" }} to confirm.");
        }
    }

    /// <summary>
    /// The chats have stored their clears and their read model has forgotten the messages: the journal
    /// and snapshots lose the content now (not at the next redaction round), the files are rebuilt,
    /// and the statistics count the store again.
    /// </summary>
    private static async Task<(long Messages, bool Compacted)> Finish(IReadOnlyList<HistoryClearedReply> cleared, IJournalRedactor storage, IRequiredActor<StatsKey> stats)
    {
        var messages = cleared.Sum(c => c.Messages);
        if (messages == 0)
        {
            return (0, true);
        }

        await storage.RedactNewChangesAsync(CancellationToken.None);
        var compacted = await storage.CompactAsync(CancellationToken.None);
        stats.ActorRef.Tell(new StatsProtocol.Recount());
        return (messages, compacted);
    }
}
