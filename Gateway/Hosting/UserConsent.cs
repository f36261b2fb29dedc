using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// A user's consent across the actors that hold it: the user's own entity keeps the setting and the
/// block list; a block is also stored in the direct chat of the pair, so its sends check nothing else,
/// and in the blocked user's entity, which hides the blocker's presence from them.
/// </summary>
public sealed class UserConsent(MessengerActors actors)
{
    /// <summary>
    /// The list first, then the chat, then the blocked user; each step is idempotent, so a call that
    /// failed between them (and answered an error) is completed by calling again.
    /// </summary>
    public async Task<PrivacySettings> SetBlock(int me, int target, bool blocked, CancellationToken ct = default)
    {
        var settings = await actors.AskUser<PrivacySettings>(new SetUserBlock(me, target, blocked), ct).ConfigureAwait(false);
        await actors.AskChat<DirectBlockSet>(new SetDirectBlock(ChatIds.Direct(me, target), me, blocked), ct).ConfigureAwait(false);
        await actors.AskUser<BlockedBySet>(new SetBlockedBy(target, me, blocked), ct).ConfigureAwait(false);
        return settings;
    }

    /// <summary>The users whose presence <paramref name="me"/> must not see (they block them).</summary>
    public async Task<IReadOnlySet<int>> PresenceHiddenFrom(int me, CancellationToken ct = default) =>
        (await actors.AskUser<PrivacySettings>(new GetPrivacy(me), ct).ConfigureAwait(false)).BlockedBy.ToHashSet();

    /// <summary>Throws <c>privacy_restricted</c> unless every one of <paramref name="userIds"/> lets <paramref name="adder"/> add them.</summary>
    public Task RequireMayAdd(int adder, IEnumerable<int> userIds, CancellationToken ct = default) =>
        Task.WhenAll(userIds.Distinct().Where(u => u != adder).Select(u => actors.AskUser<AddAllowed>(new CheckAddConsent(u, adder), ct)));
}
