using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Hubs;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>The actors web code talks to, and how long it waits for them.</summary>
public sealed class MessengerActors(
    IRequiredActor<ChatRegionKey> chats,
    IRequiredActor<UserRegionKey> users,
    IRequiredActor<DirectoryKey> directory,
    IRequiredActor<OutboxKey> outbox,
    IOptions<MessengerOptions> options)
{
    public IActorRef Chats => chats.ActorRef;

    public IActorRef Users => users.ActorRef;

    public IActorRef Directory => directory.ActorRef;

    public IActorRef Outbox => outbox.ActorRef;

    public TimeSpan Timeout => options.Value.AskTimeout;

    public Task<T> AskChat<T>(object message, CancellationToken ct = default) => Chats.AskFor<T>(message, Timeout, ct);

    public Task<T> AskUser<T>(object message, CancellationToken ct = default) => Users.AskFor<T>(message, Timeout, ct);

    public Task<T> AskDirectory<T>(object message, CancellationToken ct = default) => Directory.AskFor<T>(message, Timeout, ct);

    /// <summary>
    /// Asks each of a user's chats at once. A chat that says the user is no longer a member (removed
    /// a moment ago; the chat list catches up through the membership notice) is left out.
    /// </summary>
    public async Task<List<T>> AskEachChat<T>(IEnumerable<string> chatIds, Func<string, object> query, CancellationToken ct = default)
        where T : class
    {
        var answers = await Task.WhenAll(chatIds.Select(async id =>
        {
            try
            {
                return await AskChat<T>(query(id), ct).ConfigureAwait(false);
            }
            catch (MessengerException ex) when (ex.Code == ErrorCodes.NotMember)
            {
                return null;
            }
        })).ConfigureAwait(false);
        return [.. answers.OfType<T>()];
    }
}
