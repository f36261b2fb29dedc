using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>What an admin request works with: who asks, when, the actors it talks to, and the audit log.</summary>
public sealed class AdminContext(
    IHttpContextAccessor http,
    IAdminCaller caller,
    TimeProvider clock,
    IRequiredActor<DirectoryKey> directory,
    IRequiredActor<UserRegionKey> users,
    IRequiredActor<ChatRegionKey> chats,
    IRequiredActor<AuditKey> audit)
{
    internal static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private readonly (int Id, string Name) _caller = caller.Identify(http.HttpContext!.User);

    public int AdminId => _caller.Id;

    public string AdminName => _caller.Name;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public CancellationToken Aborted => http.HttpContext!.RequestAborted;

    public IActorRef Directory => directory.ActorRef;

    public IActorRef Users => users.ActorRef;

    public IActorRef Chats => chats.ActorRef;

    /// <summary>Records the action; the request is answered only once it is on disk.</summary>
    public Task<AuditEntry> Audit(string action, string? target, string? details) =>
        audit.ActorRef.AskFor<AuditEntry>(new RecordAction(Now, AdminId, AdminName, action, target, details), AskTimeout, Aborted);
}
