using ActorMessenger.Actors.Protocol;
using static ActorMessenger.Actors.Protocol.ChatProtocol;
using static ActorMessenger.Actors.Protocol.UserProtocol;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// A user's consent across the actors that hold it: the user's own entity keeps the setting and the
/// block list; a block is also stored in the direct chat of the pair, so its sends check nothing else.
/// </summary>
public sealed class UserConsent(MessengerActors actors)
{
    /// <summary>
    /// The list first, then the chat; both are idempotent, so a call that failed between the two
    /// (and answered an error) is completed by calling again.
    /// </summary>
    public async Task<PrivacySettings> SetBlock(int me, int target, bool blocked, CancellationToken ct = default)
    {
        var settings = await actors.AskUser<PrivacySettings>(new SetUserBlock(me, target, blocked), ct).ConfigureAwait(false);
        await actors.AskChat<DirectBlockSet>(new SetDirectBlock(ChatIds.Direct(me, target), me, blocked), ct).ConfigureAwait(false);
        return settings;
    }

    /// <summary>Throws <c>privacy_restricted</c> unless every one of <paramref name="userIds"/> lets <paramref name="adder"/> add them.</summary>
    public Task RequireMayAdd(int adder, IEnumerable<int> userIds, CancellationToken ct = default) =>
        Task.WhenAll(userIds.Distinct().Where(u => u != adder).Select(u => actors.AskUser<AddAllowed>(new CheckAddConsent(u, adder), ct)));
}
